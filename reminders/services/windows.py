"""Writes on a user's own callback windows, per relationship."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.users import User
from contacts.models import Relationship, validate_callback_window
from reminders.models import RelationshipWindow


@transaction.atomic
def windows_update(*, user: User, windows: dict[str, timedelta | None]) -> None:
    """Set the given relationships' windows; None removes the user's own (ours applies)."""
    for relationship, window in windows.items():
        if relationship not in Relationship.values:
            raise ValidationError(
                {"windows": _("“%(value)s” is not a relationship.") % {"value": relationship}}
            )
        if window is None:
            RelationshipWindow.objects.filter(owner=user, relationship=relationship).delete()
            continue
        try:
            validate_callback_window(window)
        except ValidationError as error:
            raise ValidationError({"windows": error.messages}) from None
        RelationshipWindow.objects.update_or_create(
            owner=user, relationship=relationship, defaults={"window": window}
        )
