from datetime import datetime

from django.db.models import Case, Q, QuerySet, When

from accounts.users import User
from contacts.models import Contact, RelationshipRhythm
from contacts.phone import digits_of, try_normalize
from contacts.rhythm import drift, rhythm_days, since


def contact_for_number(*, owner: User, number: str) -> Contact | None:
    """The owner's contact with this (E.164) number, if there is one."""
    return (
        Contact.objects.filter(owner=owner, numbers__number=number).order_by("id").first()
        if number
        else None
    )


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


def contacts_drifting(
    contacts: QuerySet[Contact], *, rhythms: dict[str, int], now: datetime
) -> QuerySet[Contact]:
    """Contacts with a rhythm, ordered by how far past it they are (someone seen weekly
    and not for three weeks is further gone than someone seen monthly, not for six)."""
    with_rhythm = contacts.filter(
        Q(keep_in_touch_days__isnull=False) | Q(relationship__in=list(rhythms))
    )
    rows = with_rhythm.values_list(
        "pk", "keep_in_touch_days", "relationship", "last_contacted_at", "created_at"
    )
    drifts = {}
    for pk, own, relationship, last, created in rows:
        days = rhythm_days(own, relationship, rhythms)
        if days is not None:
            start = since(last_contacted_at=last, created_at=created)
            drifts[pk] = drift(start=start, days=days, now=now)
    order = sorted(drifts, key=lambda pk: (-drifts[pk], pk))
    if not order:
        return with_rhythm.none()
    ranked = Case(*(When(pk=pk, then=rank) for rank, pk in enumerate(order)))
    return with_rhythm.filter(pk__in=order).order_by(ranked)
