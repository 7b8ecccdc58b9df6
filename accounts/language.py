"""A signed-in user hears the server in their own language (Preferences.language),
whatever the browser's Accept-Language says; anonymous requests keep Django's
LocaleMiddleware choice.

Session users are known after AuthenticationMiddleware, hence the middleware below;
token users only inside DRF, so BearerTokenAuthentication calls activate_for itself.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import Preferences
from accounts.selectors import preferences_of
from accounts.users import User


def activate_for(request: HttpRequest, user: User) -> None:
    preferences = preferences_of(user)
    translation.activate(preferences.language)
    # Read by LocaleMiddleware's response (Content-Language) and by views.
    request.LANGUAGE_CODE = translation.get_language()
    # Kept for the view, which would otherwise read them a second time.
    request.user_preferences = preferences  # type: ignore[attr-defined]


def request_preferences(request: HttpRequest, user: User) -> Preferences:
    """The user's preferences as read when this request's language was chosen."""
    found = getattr(request, "user_preferences", None)
    if isinstance(found, Preferences) and found.user_id == user.pk:
        return found
    return preferences_of(user)


class UserLanguageMiddleware:
    """Goes right after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            activate_for(request, request.user)
        return self.get_response(request)
