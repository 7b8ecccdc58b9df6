"""In the admin, times are shown and entered on the signed-in user's clock (their
Preferences.time_zone), not in UTC. Only there: the API gives instants in UTC ("Z") and
reads a time without an offset on the user's clock itself (contacts.times)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import preferences_of


class AdminTimeZoneMiddleware:
    """Goes after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.path.startswith(reverse("admin:index")):
            with timezone.override(preferences_of(request.user).zone):
                return self.get_response(request)
        return self.get_response(request)
