"""A signed-in user hears the server in their own language (Preferences.language),
whatever the browser's Accept-Language says; anonymous requests keep Django's
LocaleMiddleware choice.

Session users are known after AuthenticationMiddleware, hence the middleware below;
token users only inside DRF, so BearerTokenAuthentication calls activate_for itself.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.selectors import language_of
from accounts.users import User


def activate_for(request: HttpRequest, user: User) -> None:
    translation.activate(language_of(user))
    # Read by LocaleMiddleware's response (Content-Language) and by views.
    request.LANGUAGE_CODE = translation.get_language()


class UserLanguageMiddleware:
    """Goes right after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            activate_for(request, request.user)
        return self.get_response(request)
