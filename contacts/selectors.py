from django.db.models import Q, QuerySet

from contacts.models import Contact
from contacts.phone import digits_of, try_normalize


def contact_for_number(*, owner, number: str) -> Contact | None:
    """The owner's contact with this (E.164) number, if there is one."""
    return (
        Contact.objects.filter(owner=owner, numbers__number=number).order_by("id").first()
        if number
        else None
    )


def contacts_matching(queryset: QuerySet[Contact], term: str) -> QuerySet[Contact]:
    """Contacts whose name contains `term`, or who have the number typed in any format."""
    term = term.strip()
    if not term:
        return queryset
    match = Q(name__icontains=term)
    e164 = try_normalize(term)
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
