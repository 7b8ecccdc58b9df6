"""The writes of sources: add, change, remove a source, and sync one."""

import zlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.users import User
from sources.addressbook import addressbook_sync, books_store
from sources.addresses import split
from sources.calendars import CalDAV, Found
from sources.carddav import Book, CardDAV
from sources.http import Client
from sources.mailbox import connect, folders, mailbox_sync
from sources.meetings import calendar_sync, calendars_store
from sources.models import Source, SourceKind
from sources.problems import ADDRESS, SourceProblem
from sources.sealing import Unsealable, seal, unseal

# A failing source waits the interval times 2, 4, 8… up to a day.
MAX_BACKOFF = timedelta(days=1)
SUPPORTED = (SourceKind.CARDDAV, SourceKind.CALDAV, SourceKind.IMAP)


def _interval() -> timedelta:
    return timedelta(minutes=settings.SOURCES_SYNC_MINUTES)


def next_sync_after(*, source: Source, now: datetime) -> datetime:
    """The source's next turn: at its own second within the interval (its id spreads
    them, so a thousand sources do not all sync at minute 0), later after failures."""
    interval = _interval().total_seconds()
    wait = _interval() * 2 ** min(source.failures, 10)
    earliest = (now + min(wait, MAX_BACKOFF)).timestamp()
    slot = zlib.crc32(str(source.pk).encode()) % max(int(interval), 1)
    turn = earliest - earliest % interval + slot
    if turn < earliest:
        turn += interval
    return datetime.fromtimestamp(turn, tz=timezone.get_current_timezone())


def _collection(*, kind: str, url: str, username: str, password: str) -> tuple[str, list[Book]]:
    """The connection check: the collection the source will read (and the address
    books found there), or a SourceProblem."""
    if kind == SourceKind.IMAP:
        client = connect(url, username, password)
        try:
            return ", ".join(folders(client)), []
        finally:
            client.logout()
    split(url, ("https", "http"))
    if kind == SourceKind.CALDAV:
        return url, []  # its calendars: _calendars
    dav = CardDAV(Client(username, password))
    return dav.discover(url)


def _calendars(source: Source, password: str) -> list[Found]:
    """A calendar source's connection check: the calendars of the account."""
    return CalDAV(Client(source.username, password), source.url).discover()


def _refusal(problem: SourceProblem) -> ValidationError:
    return ValidationError({problem.field: problem.message})


def source_create(
    *, owner: User, kind: str, url: str, username: str, password: str, name: str = ""
) -> Source:
    """Add a source after a first connection (a ValidationError naming what failed:
    url, tls, credentials or collection)."""
    if kind not in SUPPORTED:
        raise ValidationError({"kind": _("This kind of source is not available yet.")})
    source = Source(owner=owner, kind=kind, url=url.strip(), username=username, name=name)
    source.sealed_password = seal(password)
    source.full_clean(exclude=["owner"])
    try:
        source.collection_url, books = _collection(
            kind=kind, url=source.url, username=username, password=password
        )
        found = _calendars(source, password) if kind == SourceKind.CALDAV else []
    except SourceProblem as problem:
        raise _refusal(problem) from None
    source.save()
    if books:
        books_store(source=source, books=books)
    if found:
        calendars_store(source=source, found=found)
    source.next_sync_at = timezone.now()  # the first sync right away (beat's next minute)
    source.save(update_fields=["next_sync_at"])
    return source


def source_update(*, source: Source, **fields: Any) -> Source:
    """Change name, url, username, password or the address books followed (`books`: their
    URLs); a changed connection is checked again."""
    password = fields.pop("password", None)
    chosen_books = fields.pop("books", None)
    chosen_calendars = fields.pop("calendars", None)
    for key, value in fields.items():
        if key not in ("name", "url", "username"):
            raise TypeError(f"{key} cannot be changed")
        setattr(source, key, value.strip() if key == "url" else value)
    reconnect = password is not None or {"url", "username"} & fields.keys()
    if password is not None:
        source.sealed_password = seal(password)
    source.full_clean(exclude=["owner"])
    if reconnect:
        try:
            collection, books = _collection(
                kind=source.kind,
                url=source.url,
                username=source.username,
                password=unseal(source.sealed_password),
            )
            if source.kind == SourceKind.CALDAV:
                found = _calendars(source, unseal(source.sealed_password))
        except SourceProblem as problem:
            raise _refusal(problem) from None
        if collection != source.collection_url:
            source.collection_url, source.sync_token, source.ctag = collection, "", ""
        if source.kind == SourceKind.CALDAV:
            calendars_store(source=source, found=found)
        source.failures, source.last_error, source.next_sync_at = 0, "", timezone.now()
        for gone in books_store(source=source, books=books)[1]:
            gone.delete()  # another account: its cards are forgotten, the contacts stay
    if chosen_books is not None:
        books_choose(source=source, urls=chosen_books)
    if chosen_calendars is not None:
        calendars_choose(source=source, urls=chosen_calendars)
    source.save()
    return source


def books_choose(*, source: Source, urls: list[str]) -> None:
    """Follow these address books of the source (by URL) and no others; a book followed
    again reads what changed while it was not."""
    books = list(source.books.all())
    unknown = set(urls) - {book.url for book in books}
    if unknown:
        raise ValidationError({"books": _("Not an address book of this source.")})
    for book in books:
        if book.chosen != (book.url in urls):
            book.chosen = book.url in urls
            book.save(update_fields=["chosen"])


def calendars_choose(*, source: Source, urls: list[str]) -> None:
    """Follow these calendars of the source (by URL) and no others."""
    calendars = list(source.calendars.all())
    if source.kind != SourceKind.CALDAV or set(urls) - {c.url for c in calendars}:
        raise ValidationError({"calendars": _("Not a calendar of this source.")})
    for calendar in calendars:
        if calendar.chosen != (calendar.url in urls):
            calendar.chosen = calendar.url in urls
            calendar.save(update_fields=["chosen"])


def source_delete(*, source: Source) -> None:
    """Forget the source and what it synced; the contacts and touches it made stay."""
    source.delete()


def source_sync(*, source: Source) -> dict[str, int]:
    """Read what changed; the source keeps its last sync, its error and its next turn.
    A SourceProblem goes back to the caller after it is recorded."""
    now = timezone.now()
    try:
        try:
            password = unseal(source.sealed_password)
        except Unsealable:
            raise SourceProblem(
                ADDRESS, _("The password was sealed with another key; enter it again.")
            ) from None
        if source.kind == SourceKind.IMAP:
            changes = mailbox_sync(source=source, password=password)
        elif source.kind == SourceKind.CALDAV:
            dav = CalDAV(Client(source.username, password), source.url)
            changes = calendar_sync(source=source, dav=dav).as_dict()
        else:
            client = CardDAV(Client(source.username, password))
            changes = addressbook_sync(source=source, dav=client).as_dict()
    except SourceProblem as problem:
        source.failures += 1
        source.last_error = problem.message[:500]
        source.next_sync_at = next_sync_after(source=source, now=now)
        source.save(update_fields=["failures", "last_error", "next_sync_at"])
        raise
    source.failures, source.last_error, source.last_sync_at = 0, "", now
    source.next_sync_at = next_sync_after(source=source, now=now)
    source.save(update_fields=["failures", "last_error", "last_sync_at", "next_sync_at"])
    return changes


@transaction.atomic
def sources_due_claim(*, now: datetime, limit: int = 500) -> list[int]:
    """The ids of sources whose turn has come, each moved one interval on so the next
    beat does not hand it out again while it syncs."""
    due = list(
        Source.objects.select_for_update(skip_locked=True)
        .filter(next_sync_at__lte=now)
        .order_by("next_sync_at")
        .values_list("pk", flat=True)[:limit]
    )
    Source.objects.filter(pk__in=due).update(next_sync_at=now + _interval())
    return due
