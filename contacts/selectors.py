from collections.abc import Collection
from datetime import datetime

from django.db.models import DurationField, ExpressionWrapper, F, Q, QuerySet, Value

from accounts.users import User
from contacts.models import Contact, PhoneNumber, RelationshipRhythm
from contacts.phone import digits_of, try_normalize
from contacts.rhythm import days_sql


def contact_for_number(*, owner: User, number: str) -> Contact | None:
    """The owner's one contact with this (E.164) number; None when nobody has it, or
    when several people share it (a household's landline: who called is asked)."""
    if not number:
        return None
    # The number's own owner column: the lookup is one index (phonenumber_owner_number).
    mine = Contact.objects.filter(
        owner_id=owner.pk, numbers__owner_id=owner.pk, numbers__number=number
    )
    found = list(mine.order_by("id")[:2])
    return found[0] if len(found) == 1 else None


def contacts_sharing_number(*, owner_id: int, number: str) -> list[Contact]:
    """Everyone of the owner's with this number, the longest known first."""
    if not number:
        return []
    return list(
        Contact.objects.filter(
            owner_id=owner_id, numbers__owner_id=owner_id, numbers__number=number
        )
        .order_by("id")
        .distinct()
    )


def contact_names_by_number(wanted: set[tuple[int, str]]) -> dict[tuple[int, str], list[str]]:
    """The names of the contacts on each (owner id, number), the longest known first, in
    one query (the push of a reminder that asks who called from a shared number)."""
    found: dict[tuple[int, str], list[str]] = {}
    if not wanted:
        return found
    rows = (
        PhoneNumber.objects.filter(
            owner_id__in={owner for owner, _number in wanted},
            number__in={number for _owner, number in wanted},
        )
        .order_by("contact_id")
        .values_list("owner_id", "number", "contact__name")
    )
    for owner_id, number, name in rows:
        if (owner_id, number) not in wanted:
            continue  # another owner's contact with the number asked for someone else
        names = found.setdefault((owner_id, number), [])
        if name not in names:
            names.append(name)
    return found


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


def contacts_drifting(contacts: QuerySet[Contact], *, now: datetime) -> QuerySet[Contact]:
    """Contacts with a rhythm, the furthest past their due moment first, measured in
    rhythms (someone seen weekly and not for three weeks is further gone than someone
    seen monthly, not for six), by the database."""
    overdue = ExpressionWrapper(Value(now) - F("next_touch_due"), output_field=DurationField())
    return (
        contacts.filter(next_touch_due__isnull=False)
        .annotate(drifted=ExpressionWrapper(overdue / days_sql(), output_field=DurationField()))
        .order_by(F("drifted").desc(), "pk")
    )
