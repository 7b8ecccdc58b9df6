"""Two contacts who are one person become one: the kept contact takes the other's
numbers, e-mail, notes, days and touches, and whoever keeps things about contacts
(reminders, missed calls) moves them over on `contacts_merging`; the other is deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import Contact, Touch
from contacts.signals import contacts_merging


def _days(keep: Contact, other: Contact) -> None:
    have = {(row.kind, row.month, row.day) for row in keep.dates.all()}
    for row in other.dates.all():
        if (row.kind, row.month, row.day) in have:
            continue  # the same day twice: the kept contact's stays
        have.add((row.kind, row.month, row.day))
        row.contact = keep
        row.save(update_fields=["contact"])


def _numbers(keep: Contact, other: Contact) -> None:
    have = set(keep.numbers.values_list("number", flat=True))
    for phone in other.numbers.all():
        if phone.number in have:
            continue
        phone.contact = keep
        phone.save(update_fields=["contact"])


@transaction.atomic
def contacts_merge(*, keep: Contact, other: Contact) -> Contact:
    """Merge `other` into `keep` (both the same owner's); what `keep` has stays as it is,
    what only `other` has is added."""
    if keep.pk == other.pk or keep.owner_id != other.owner_id:
        raise ValidationError({"other": _("Choose another of your contacts.")})
    keep = Contact.objects.select_for_update().get(pk=keep.pk)
    other = Contact.objects.select_for_update().get(pk=other.pk)
    _numbers(keep, other)
    _days(keep, other)
    Touch.objects.filter(contact=other).update(contact=keep)
    contacts_merging.send(sender=Contact, keep=keep, other=other)
    keep.email = keep.email or other.email
    if other.notes.strip() and other.notes.strip() not in keep.notes:
        keep.notes = "\n\n".join(part for part in (keep.notes.strip(), other.notes.strip()) if part)
    keep.starred = keep.starred or other.starred
    known = [moment for moment in (keep.last_contacted_at, other.last_contacted_at) if moment]
    keep.last_contacted_at = max(known) if known else None
    keep.full_clean()
    other.delete()
    keep.save()
    return keep
