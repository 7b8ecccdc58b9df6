"""A signed-in user hears the server in their own language (Preferences.language),
whatever the browser's Accept-Language says; anonymous requests keep Django's
LocaleMiddleware choice.

Session users are known after AuthenticationMiddleware, hence the middleware below;
token users only inside DRF, so BearerTokenAuthentication calls activate_for itself.
Either way the user's preferences are read once, here, and stay on that user object for
the views and services of the request (accounts.selectors.preferences_of).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.selectors import preferences_of
from accounts.users import User


def activate_for(user: User) -> None:
    # LocaleMiddleware's response says this language (Content-Language) too.
    translation.activate(preferences_of(user).language)


class UserLanguageMiddleware:
    """Goes right after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            activate_for(request.user)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
