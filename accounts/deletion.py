"""Deleting an account: the user and every row of theirs, in one transaction.

Most rows go by the database's cascade from the user; what does not point at the user
goes by the pre_delete signals of its app (push: the subscription keys; accounts: the
sign-in records axes keeps by username), so that the admin's delete is as thorough.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.users import User


class LastOwner(Exception):
    """The only superuser cannot go: nobody could manage the installation after them."""

    conflict = True  # answered 409 (project.api_errors)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """The caller has confirmed the password through the sign-in lock (accounts.passwords)."""
    if user.is_superuser:
        # Every owner's row locked, in one order: two owners deleting themselves at once
        # cannot both see the other one still there.
        owners = get_user_model().objects.select_for_update().filter(is_superuser=True)
        others = [owner for owner in owners.order_by("pk") if owner.pk != user.pk]
        if not any(owner.is_active for owner in others):
            raise LastOwner(
                _(
                    "You are the only owner of this Ringback: make another user a superuser "
                    "(admin → Users) before you delete your account."
                )
            )
    user.delete()
