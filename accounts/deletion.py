"""Deleting an account: the user and every row of theirs, in one transaction.

Most rows go by the database's cascade from the user; what does not point at the user
goes by the pre_delete signals of its app (push: the subscription keys; accounts: the
sign-in records axes keeps by username), so that the admin's delete is as thorough.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.users import User


class LastOwner(Exception):
    """The only superuser cannot go: nobody could manage the installation after them."""

    conflict = True  # answered 409 (project.api_errors)


LAST_OWNER = _(
    "You are the only owner of this Ringback: make another user a superuser "
    "(admin → Users) before you delete your account."
)


def _last_owner(user: User, owners: QuerySet[User]) -> bool:
    others = [owner for owner in owners.order_by("pk") if owner.pk != user.pk]
    return user.is_superuser and not any(owner.is_active for owner in others)


def deletion_refusal(user: User) -> str:
    """Why deleting this account would be refused ("" when it would not): the app says it
    before the password is typed. A read; account_delete checks again under a lock."""
    if not user.is_superuser:
        return ""
    owners = get_user_model().objects.filter(is_superuser=True)
    return str(LAST_OWNER) if _last_owner(user, owners) else ""


@transaction.atomic
def account_delete(*, user: User) -> None:
    """The caller has confirmed the password through the sign-in lock (accounts.passwords)."""
    if user.is_superuser:
        # Every owner's row locked, in one order: two owners deleting themselves at once
        # cannot both see the other one still there.
        owners = get_user_model().objects.select_for_update().filter(is_superuser=True)
        if _last_owner(user, owners):
            raise LastOwner(str(LAST_OWNER))
    user.delete()
