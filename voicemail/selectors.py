"""Reads only."""

from django.db.models import QuerySet

from accounts.users import User
from voicemail.models import Voicemail


def voicemails_of(
    owner: User, *, reminder: int | None = None, withheld: bool | None = None
) -> QuerySet[Voicemail]:
    """The owner's voicemails, newest first, with their call (and its contact)."""
    found = Voicemail.objects.filter(owner=owner).select_related(
        "missed_call", "missed_call__contact"
    )
    if reminder is not None:
        found = found.filter(missed_call__reminder_id=reminder)
    if withheld is not None:
        found = found.filter(missed_call__withheld=withheld)
    return found.order_by("-missed_call__occurred_at", "-id")
