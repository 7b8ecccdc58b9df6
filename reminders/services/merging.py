"""Two contacts merged into one (contacts.merging): their reminders and missed calls
follow. Two open callbacks become one with both counts; two keep-in-touch reminders one."""

from django.db import transaction

from contacts.models import Contact
from reminders.models import ACTIVE_STATES, CALL_KINDS, Attempt, MissedCall, Reminder, ReminderKind


def _active(contact: Contact, kinds: list[str]) -> Reminder | None:
    return (
        Reminder.objects.select_for_update()
        .filter(contact=contact, state__in=ACTIVE_STATES, kind__in=kinds)
        .first()
    )


def _join(kept: Reminder, other: Reminder) -> None:
    """`other`'s calls and attempts become `kept`'s, which counts them too."""
    kept.call_count += other.call_count
    firsts = [at for at in (kept.first_call_at, other.first_call_at) if at]
    lasts = [at for at in (kept.last_call_at, other.last_call_at) if at]
    kept.first_call_at = min(firsts) if firsts else None
    kept.last_call_at = max(lasts) if lasts else None
    # The facts of failed callbacks stored on the row (reminders.models) add up too.
    kept.failed_calls += other.failed_calls
    if other.last_failed_at and (
        not kept.last_failed_at or other.last_failed_at > kept.last_failed_at
    ):
        kept.last_failed_at = other.last_failed_at
        kept.last_failed_free_from = other.last_failed_free_from
    kept.latest_reason = kept.latest_reason or other.latest_reason
    kept.save(
        update_fields=[
            "call_count",
            "first_call_at",
            "last_call_at",
            "failed_calls",
            "last_failed_at",
            "last_failed_free_from",
            "latest_reason",
        ]
    )
    MissedCall.objects.filter(reminder=other).update(reminder=kept)
    Attempt.objects.filter(reminder=other).update(reminder=kept)
    other.delete()


@transaction.atomic
def contact_reminders_merge(*, keep: Contact, other: Contact) -> None:
    calls: list[str] = list(CALL_KINDS)
    rhythm: list[str] = [ReminderKind.KEEP_IN_TOUCH]
    for kinds in (calls, rhythm):
        kept, theirs = _active(keep, kinds), _active(other, kinds)
        if kept is not None and theirs is not None:
            if kinds is rhythm:
                theirs.delete()  # one rhythm: the kept contact's
            else:
                _join(kept, theirs)
    Reminder.objects.filter(contact=other).update(contact=keep)
    MissedCall.objects.filter(contact=other).update(contact=keep)
