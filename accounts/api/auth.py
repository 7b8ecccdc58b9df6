"""How API requests prove who they are: the app's session (with CSRF) or a personal
token sent as `Authorization: Bearer <token>`. Nothing else reaches user data."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.language import activate_for
from accounts.selectors import usable_token
from accounts.services import api_token_mark_used, token_hash
from accounts.users import User


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as: Bearer <token>."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = usable_token(token_hash(secret))
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or was revoked."))
        api_token_mark_used(token=token)
        # Token auth happens inside DRF, after the middleware that speaks a session
        # user's language: answer this user in theirs from here on.
        activate_for(token.owner)
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        # Makes an anonymous request a 401 with WWW-Authenticate rather than a 403.
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal token."}


def signed_in(request: Request) -> User:
    """The request's user, for views that only serve signed-in users (the default
    permission): typed as a real user, and a 401 should one ever get here without."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise exceptions.NotAuthenticated()
    return user
