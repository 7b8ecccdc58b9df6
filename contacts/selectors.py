from collections.abc import Collection
from datetime import datetime

from django.db.models import (
    Case,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.users import User
from contacts.models import Contact, RelationshipRhythm
from contacts.phone import digits_of, try_normalize


def contact_for_number(*, owner: User, number: str) -> Contact | None:
    """The owner's contact with this (E.164) number, if there is one."""
    if not number:
        return None
    return Contact.objects.filter(owner_id=owner.pk, numbers__number=number).order_by("id").first()


def contacts_matching(
    queryset: QuerySet[Contact], term: str, *, region: str | None = None
) -> QuerySet[Contact]:
    """Contacts whose name contains `term`, or who have the number typed in any format
    (a national one read as a number of `region`)."""
    term = term.strip()
    if not term:
        return queryset
    match = Q(name__icontains=term)
    e164 = try_normalize(term, region)
    if e164:
        match |= Q(numbers__number=e164)
    digits = digits_of(term)
    if len(digits) >= 3:
        # Part of a number: the stored form keeps the digits, so look for them there,
        # with and without a national trunk prefix (0 in most of Europe).
        match |= Q(numbers__number__contains=digits)
        if digits.startswith("0") and len(digits) > 3:
            match |= Q(numbers__number__contains=digits[1:])
    return queryset.filter(match).distinct()


def rhythms_of(user: User) -> dict[str, int]:
    """The user's keep-in-touch rhythms by relationship, in days."""
    return dict(RelationshipRhythm.objects.filter(owner=user).values_list("relationship", "days"))


def rhythms_by_owner(owner_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """rhythms_of for several users at once, in one query (every one of them present)."""
    found: dict[int, dict[str, int]] = {owner: {} for owner in owner_ids}
    rows = RelationshipRhythm.objects.filter(owner_id__in=list(owner_ids))
    for owner, relationship, days in rows.values_list("owner_id", "relationship", "days"):
        found[owner][relationship] = days
    return found


def contacts_drifting(
    contacts: QuerySet[Contact], *, rhythms: dict[str, int], now: datetime
) -> QuerySet[Contact]:
    """Contacts with a rhythm, ordered by how far past it they are (someone seen weekly
    and not for three weeks is further gone than someone seen monthly, not for six):
    contacts.rhythm's drift, computed and sorted by the database."""
    by_relationship = [
        When(relationship=relationship, then=Value(days)) for relationship, days in rhythms.items()
    ]
    # rhythm_days: the contact's own rhythm, else the user's for the relationship.
    days = Coalesce(
        "keep_in_touch_days",
        Case(*by_relationship, default=None, output_field=IntegerField()),
        output_field=IntegerField(),
    )
    # since: the last touch, or when the contact was added.
    elapsed = ExpressionWrapper(
        Value(now) - Coalesce("last_contacted_at", "created_at"), output_field=DurationField()
    )
    return (
        contacts.annotate(applying_rhythm=days)
        .filter(applying_rhythm__isnull=False)
        .annotate(
            drifted=ExpressionWrapper(elapsed / F("applying_rhythm"), output_field=DurationField())
        )
        .order_by(F("drifted").desc(), "pk")
    )
