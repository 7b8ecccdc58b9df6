"""An address book's cards into the user's contacts, through the import's own parser and
matching (contacts.importing), so a card synced and a card imported give one contact.

What the user set only in Ringback (rhythm, register, greeting, notes they wrote) is
never overwritten: a card adds what the contact lacks and gives its name. A card deleted
on the server archives its contact; touches and history stay."""

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.selectors import phone_region_of
from accounts.users import User
from contacts.importing.cards import Card
from contacts.importing.merge import Known
from contacts.importing.service import contact_import_card
from contacts.importing.vcard import read_vcards
from contacts.models import Contact
from contacts.services import contact_update
from sources.carddav import CardDAV
from sources.models import Source, SourceCard


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    archived: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _wanted(
    dav: CardDAV, source: Source, known_etags: dict[str, str]
) -> tuple[dict[str, str], list[str], str]:
    """{href: etag} to fetch, hrefs gone, and the sync token to keep."""
    changes = dav.changes(source.collection_url, source.sync_token)
    if changes is None and source.sync_token:
        changes = dav.changes(source.collection_url, "")  # the token expired: start over
    if changes is not None and not source.sync_token:
        listed, _gone, token = changes
        return listed, [h for h in known_etags if h not in listed], token
    if changes is not None:
        return changes
    listed = dav.etags(source.collection_url)
    return listed, [h for h in known_etags if h not in listed], ""


def _card(text: str) -> Card | None:
    # The card came inside the server's XML answer, as text: the reader takes bytes.
    entries = read_vcards(text.encode())
    return entries[0] if entries and isinstance(entries[0], Card) else None


@dataclass
class _Run:
    owner: User
    region: str
    known: Known
    changes: Changes


def _take(run: _Run, row: SourceCard, before: Contact | None, text: str) -> None:
    """One new or changed card into its contact (a savepoint: a card refused halfway
    leaves nothing behind, and is skipped as an import skips it)."""
    card = _card(text)
    contact: Contact | None = before
    try:
        with transaction.atomic():
            if card is None:
                raise ValidationError("unreadable")
            contact = contact_import_card(
                owner=run.owner, card=card, known=run.known, region=run.region, contact=before
            )
    except ValidationError:
        run.changes.skipped += 1
    else:
        if before is None:
            run.changes.created += 1
        else:
            run.changes.updated += 1
    row.contact = contact
    row.save()


def _archive(run: _Run, row: SourceCard, contact: Contact | None) -> None:
    if contact is not None and not contact.archived:
        contact_update(contact=contact, archived=True)
        run.changes.archived += 1
    row.delete()


def addressbook_sync(*, source: Source, dav: CardDAV) -> Changes:
    """Read what changed since the last sync into the owner's contacts."""
    changes = Changes()
    ctag, token = dav.state(source.collection_url)
    if (ctag or token) and (ctag, token) == (source.ctag, source.sync_token):
        return changes  # one request: nothing changed
    rows = {row.href: row for row in SourceCard.objects.filter(source=source)}
    listed, gone, new_token = _wanted(dav, source, {h: r.etag for h, r in rows.items()})
    fetch = [h for h, etag in listed.items() if h not in rows or not etag or rows[h].etag != etag]
    changes.unchanged = len(listed) - len(fetch)
    cards = dav.cards(source.collection_url, fetch)
    linked = [row.contact_id for row in rows.values() if row.contact_id]
    with transaction.atomic():
        by_id = {c.pk: c for c in Contact.objects.filter(pk__in=linked)}
        run = _Run(source.owner, phone_region_of(source.owner_id), Known.of(source.owner), changes)
        for href, (etag, text) in cards.items():
            row = rows.get(href) or SourceCard(source=source, href=href)
            row.etag = etag
            _take(run, row, by_id.get(row.contact_id) if row.contact_id else None, text)
        for gone_row in (rows[href] for href in gone if href in rows):
            contact = by_id.get(gone_row.contact_id) if gone_row.contact_id else None
            _archive(run, gone_row, contact)
        source.ctag, source.sync_token = ctag, new_token or token
        source.save(update_fields=["ctag", "sync_token"])
    return changes
