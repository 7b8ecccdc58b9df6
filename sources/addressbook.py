"""The account's address books into the user's contacts, through the import's own
parser, matching and batches (contacts.importing), so a card synced and a card imported
give one contact, and 5,000 new cards are a few statements per 500, not per card.

One request lists the books with their ctag and sync-token; a book whose state is the
one the last sync saw is not asked anything more. What the user set only in Ringback
(rhythm, register, greeting, notes they wrote) is never overwritten: a card adds what
the contact lacks and gives its name. A card deleted on the server archives its contact
(unless a card of another book still is that person); touches and history stay."""

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.users import User
from contacts.importing.cards import Entry, Unreadable
from contacts.importing.merge import Known
from contacts.importing.service import contacts_import_cards
from contacts.importing.vcard import read_vcards
from contacts.models import Contact
from contacts.services import contact_update
from sources.carddav import Book, CardDAV
from sources.models import Source, SourceBook, SourceCard


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    archived: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def books_store(
    *, source: Source, books: list[Book], have: list[SourceBook] | None = None
) -> tuple[list[SourceBook], list[SourceBook]]:
    """The source's books as the server lists them: new ones are added (chosen), names
    follow the server. (The books listed, the books no longer listed: not yet removed.)
    `have`: the source's books, when the caller has them."""
    stored = {
        b.url: b for b in (SourceBook.objects.filter(source=source) if have is None else have)
    }
    listed = []
    for book in books:
        row = stored.pop(book.url, None)
        if row is None:
            row = SourceBook.objects.create(source=source, url=book.url, name=book.name)
        elif row.name != book.name:
            row.name = book.name
            row.save(update_fields=["name"])
        listed.append(row)
    return listed, list(stored.values())


def _wanted(
    dav: CardDAV, book: SourceBook, known_etags: dict[str, str]
) -> tuple[dict[str, str], list[str], str]:
    """{href: etag} to look at, hrefs gone, and the sync token to keep."""
    changes = dav.changes(book.url, book.sync_token)
    if changes is None and book.sync_token:
        changes = dav.changes(book.url, "")  # the token expired: start over
    if changes is not None and not book.sync_token:
        listed, _gone, token = changes
        return listed, [h for h in known_etags if h not in listed], token
    if changes is not None:
        return changes
    listed = dav.etags(book.url)
    return listed, [h for h in known_etags if h not in listed], ""


def _entry(text: str) -> Entry:
    # The card came inside the server's XML answer, as text: the reader takes bytes.
    entries = read_vcards(text.encode())
    return entries[0] if entries else Unreadable(name="", reason=_("not a vCard"))


@dataclass
class _Run:
    source: Source
    dav: CardDAV
    changes: Changes
    known: Known | None = None  # read when the first book has changed

    @property
    def owner(self) -> User:
        return self.source.owner  # read when the first book has changed, as `known`

    def knowing(self) -> Known:
        if self.known is None:
            self.known = Known.of(self.owner)
        return self.known


def _read(run: _Run, book: SourceBook, state: Book) -> None:
    """One book whose state changed: its new and changed cards through the import, its
    deleted cards archived, then its new state."""
    rows = {row.href: row for row in SourceCard.objects.filter(book=book)}
    listed, gone, token = _wanted(run.dav, book, {h: r.etag for h, r in rows.items()})
    fetch = [h for h, etag in listed.items() if h not in rows or not etag or rows[h].etag != etag]
    run.changes.unchanged += len(listed) - len(fetch)
    cards = run.dav.cards(book.url, fetch)
    # The contacts the changed cards became: the import knows each of the owner's.
    known = run.knowing()
    taken = [
        (_entry(text), known.by_pk.get(rows[h].contact_id or 0) if h in rows else None)
        for h, (_etag, text) in cards.items()
    ]
    found, report = contacts_import_cards(owner=run.owner, cards=taken, known=known)
    run.changes.created += report.created
    run.changes.updated += report.updated
    run.changes.unchanged += report.unchanged
    run.changes.skipped += len(report.skipped)
    with transaction.atomic():
        _cards_store(book, rows, cards, found)
        _cards_forget(run, [rows[h] for h in gone if h in rows])
        book.ctag, book.sync_token = state.ctag, token or state.sync_token
        book.save(update_fields=["ctag", "sync_token"])


def _cards_store(
    book: SourceBook,
    rows: dict[str, SourceCard],
    cards: dict[str, tuple[str, str]],
    found: list[Contact | None],
) -> None:
    new, changed = [], []
    for (href, (etag, _text)), contact in zip(cards.items(), found, strict=True):
        row = rows.get(href)
        if row is None:
            new.append(SourceCard(source_id=book.source_id, book=book, href=href, etag=etag))
            row = new[-1]
        else:
            changed.append(row)
        row.etag, row.contact = etag, contact
    SourceCard.objects.bulk_create(new, batch_size=1000)
    SourceCard.objects.bulk_update(changed, ["etag", "contact"], batch_size=1000)


def _cards_forget(run: _Run, gone: list[SourceCard]) -> None:
    """Cards deleted on the server (or in a book gone from it): their contacts are
    archived, unless another card (of another book) is still that person."""
    if not gone:
        return
    contact_ids = {row.contact_id for row in gone if row.contact_id}
    SourceCard.objects.filter(pk__in=[row.pk for row in gone]).delete()
    still = set(
        SourceCard.objects.filter(contact_id__in=contact_ids).values_list("contact_id", flat=True)
    )
    for contact in Contact.objects.filter(pk__in=contact_ids - still, archived=False):
        contact_update(contact=contact, archived=True)
        run.changes.archived += 1


def _states(dav: CardDAV, source: Source, books: list[SourceBook]) -> list[Book]:
    """Every book's state in one request: its ctag, and its sync-token only when some
    book has no ctag (the ctag says whether anything changed; the sync-collection report
    of a changed book brings the new token). A source that knew only its one book (made
    when the server named no home, or before sources followed every book) asks that
    book, and moves on to the home set when the book names one."""
    if source.collection_url not in {book.url for book in books}:
        tokens = not books or not all(book.ctag for book in books)
        return dav.books(source.collection_url, tokens=tokens)
    state, home = dav.book(source.collection_url)
    if home is None:
        return [state]
    source.collection_url = home
    source.save(update_fields=["collection_url"])
    return dav.books(home)


def _unchanged(book: SourceBook, state: Book) -> bool:
    if state.ctag:
        return state.ctag == book.ctag
    return bool(state.sync_token) and state.sync_token == book.sync_token


def addressbook_sync(*, source: Source, dav: CardDAV) -> Changes:
    """Read what changed since the last sync, in every chosen book, into the owner's
    contacts."""
    run = _Run(source, dav, Changes())
    have = list(SourceBook.objects.filter(source=source))
    states = {book.url: book for book in _states(dav, source, have)}
    listed, gone = books_store(source=source, books=list(states.values()), have=have)
    for book in gone:
        _cards_forget(run, list(book.cards.all()))
        book.delete()
    for book in listed:
        if book.chosen and not _unchanged(book, states[book.url]):
            _read(run, book, states[book.url])
    return run.changes
