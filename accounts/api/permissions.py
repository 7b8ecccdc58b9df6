"""What a personal token may not do.

A token is for automations that log calls and act on reminders. It manages nothing:
tokens themselves (else a leaked token could mint a permanent successor or revoke the
owner's others), and account settings, need the signed-in session of the app.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from accounts.models import ApiToken


class SessionOnly(BasePermission):
    message = _("A personal token cannot do this: sign in to the app.")

    def has_permission(self, request: Request, view) -> bool:
        return request.user.is_authenticated and not isinstance(request.auth, ApiToken)


class SessionToChange(SessionOnly):
    """Reading is open to a token; changing needs the session."""

    def has_permission(self, request: Request, view) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


def with_session(request: Request) -> bool:
    """Whether the request comes from the app's session, not a personal token: secrets
    that grant lasting access of their own (the calendar feed's URL, webhook URLs, a
    channel's URL) are shown only then, so a token revoked later leaves none behind."""
    return request.user.is_authenticated and not isinstance(request.auth, ApiToken)
