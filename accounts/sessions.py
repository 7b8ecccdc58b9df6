"""The sessions of one user, on every device: Django keeps the user's id inside each
session's signed data, not in a column, so they are found by reading the sessions."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session

from accounts.users import User


def sessions_of_user_delete(*, user: User) -> int:
    """Sign the user out everywhere (their account is going): every session row naming
    them, expired ones included. Reads each session once; deleting an account is rare."""
    mine = [
        session.pk
        for session in Session.objects.all().iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    deleted, _ = Session.objects.filter(pk__in=mine).delete()
    return deleted
