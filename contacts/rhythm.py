"""The keep-in-touch rule, once: a contact's own rhythm wins over the user's one for the
relationship; the count starts at the last touch or the latest restart (a reminder
closed without a touch), else when the contact was added; the next touch is due a
rhythm later. When to remind, and how urgently, is the rule book's (reminders.policy).

The rule is written twice on purpose, side by side: in Python (`due`) for a contact at
hand, and as SQL (`due_sql`) for the database to keep `Contact.next_touch_due` of many
rows in one statement. tests/contacts/test_rhythm.py holds the two equal.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest

from contacts.models import Contact, RelationshipRhythm

ONE_DAY = timedelta(days=1)


def rhythm_days(own: int | None, relationship: str, defaults: Mapping[str, int]) -> int | None:
    """The contact's own rhythm, else the user's one for the relationship, else none."""
    return own if own is not None else defaults.get(relationship)


def start(contact: Contact) -> datetime:
    """Where the count starts: the last touch or restart, else when the contact was added."""
    moments = (contact.last_contacted_at, contact.rhythm_restarted_at)
    return max((m for m in moments if m is not None), default=contact.created_at)


def due(contact: Contact, defaults: Mapping[str, int]) -> datetime | None:
    """When the next touch is due; `defaults` are the owner's rhythms by relationship."""
    days = rhythm_days(contact.keep_in_touch_days, contact.relationship, defaults)
    return None if days is None else start(contact) + days * ONE_DAY


def days_sql() -> Combinable:
    """rhythm_days of the row: its own, else its owner's for its relationship."""
    relationship_days = RelationshipRhythm.objects.filter(
        owner_id=OuterRef("owner_id"), relationship=OuterRef("relationship")
    ).values("days")[:1]
    return Coalesce(
        F("keep_in_touch_days"), Subquery(relationship_days), output_field=IntegerField()
    )


def start_sql() -> Combinable:
    """start() of the row. Each moment stands in for the other when that one is NULL:
    PostgreSQL's GREATEST skips NULLs, SQLite's MAX gives NULL."""
    touched, restarted = F("last_contacted_at"), F("rhythm_restarted_at")
    latest = Greatest(Coalesce(touched, restarted), Coalesce(restarted, touched))
    return Coalesce(latest, F("created_at"), output_field=DateTimeField())


def due_sql() -> Combinable:
    """due() of the row, NULL without a rhythm."""
    span = ExpressionWrapper(days_sql() * Value(ONE_DAY), output_field=DurationField())
    return ExpressionWrapper(start_sql() + span, output_field=DateTimeField())
