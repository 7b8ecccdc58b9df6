"""Touches from a calendar (CalDAV): an event that has ended, in a calendar the user
follows, whose attendees' (or organiser's) e-mails are a contact's, or whose title names
a contact (sources.names), is a *meeting* touch at its end, once per occurrence (UID and
RECURRENCE-ID). Only who and when are stored, never the title or description.

An event still to come is remembered by when it ends (SourceEvent.next_end), and the
sync after that reads it again. A cancelled or deleted event takes its touches back.
All-day events are not meetings (birthdays, holidays, "Anna away")."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.selectors import preferences_of
from contacts.models import Contact, TouchChannel, TouchSource
from contacts.services import touch_record, touch_take_back
from contacts.times import on_wall_clock
from sources.calendars import CalDAV
from sources.models import Source, SourceCalendar, SourceEvent, SourceTouch
from sources.names import Names

# How far ahead the next end of a recurring event is looked for.
HORIZON = timedelta(days=400)


@dataclass
class Changes:
    events: int = 0
    touches: int = 0
    taken_back: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class People:
    """Who the user's contacts are, by e-mail and by name; the user's own addresses."""

    by_email: dict[str, int]
    names: Names
    own: set[str]

    @classmethod
    def of(cls, source: Source) -> "People":
        contacts = list(
            Contact.objects.filter(owner=source.owner, archived=False).values_list(
                "pk", "name", "email"
            )
        )
        own = {source.username.lower(), (source.owner.email or "").lower()} - {""}
        by_email = {email.lower(): pk for pk, _name, email in contacts if email}
        return cls(by_email, Names.of([(pk, name) for pk, name, _e in contacts]), own)

    def in_event(self, event: Any) -> set[int]:
        found = set()
        attendees = event.get("ATTENDEE", [])  # one, or a list of several
        people = [*(attendees if isinstance(attendees, list) else [attendees])]
        people.append(event.get("ORGANIZER"))
        for person in people:
            address = str(person or "").removeprefix("mailto:").removeprefix("MAILTO:")
            address = address.strip().lower()
            if address and address not in self.own and address in self.by_email:
                found.add(self.by_email[address])
        return found | self.names.named_in(str(event.get("SUMMARY", "")))


@dataclass(frozen=True)
class Occurrence:
    key: str  # UID and RECURRENCE-ID
    end: datetime
    cancelled: bool


def _moment(value: datetime | date, zone: ZoneInfo) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return on_wall_clock(value, zone)


def _occurrences(
    text: str, zone: ZoneInfo, start: datetime, end: datetime
) -> list[tuple[Occurrence, Any]]:
    """The timed occurrences of the events in this text that end between start and end."""
    found = []
    calendar = icalendar.Calendar.from_ical(text)
    for event in recurring_ical_events.of(calendar).between(start, end):
        ends = _moment(event.end, zone) if isinstance(event.start, datetime) else None
        if ends is None or not start <= ends < end:
            continue
        recurrence = event.get("RECURRENCE-ID")
        again = recurrence.dt.isoformat() if recurrence is not None else ""
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        found.append((Occurrence(f"{event.get('UID')}|{again}", ends, cancelled), event))
    return found


def _uid(text: str) -> str:
    calendar = icalendar.Calendar.from_ical(text)
    return next((str(e.get("UID")) for e in calendar.walk("VEVENT")), "")[:300]


def _next_end(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    ahead = _occurrences(text, zone, now, now + HORIZON)
    return min((o.end for o, _e in ahead if not o.cancelled), default=None)


@dataclass
class _Run:
    source: Source
    people: People
    zone: ZoneInfo
    now: datetime
    since: datetime  # the look-back window's start
    changes: Changes
    # What the source made so far, by event UID (read once a sync, not once an event).
    made: dict[str, dict[str, SourceTouch]] = field(default_factory=dict)
    contacts: dict[int, Contact] = field(default_factory=dict)

    def read_made(self) -> None:
        rows = SourceTouch.objects.filter(source=self.source, key__startswith="event:")
        for row in rows.select_related("touch"):
            uid = row.key.removeprefix("event:").split("|", 1)[0]
            self.made.setdefault(uid, {})[row.key] = row

    def contact(self, pk: int) -> Contact | None:
        if pk not in self.contacts:
            found = Contact.objects.filter(pk=pk, owner=self.source.owner).first()
            if found is None:
                return None
            self.contacts[pk] = found
        return self.contacts[pk]


def _take_back(run: _Run, rows: list[SourceTouch]) -> None:
    for row in rows:
        if row.touch is not None:
            touch_take_back(touch=row.touch)
            run.changes.taken_back += 1
        row.delete()


def _read(run: _Run, uid: str, text: str) -> datetime | None:
    """The event's ended occurrences into touches (and those no longer true taken back);
    when its next occurrence ends."""
    wanted: dict[str, tuple[int, datetime]] = {}
    for occurrence, event in _occurrences(text, run.zone, run.since, run.now):
        if not occurrence.cancelled:
            for pk in run.people.in_event(event):
                wanted[f"event:{occurrence.key}|{pk}"[:400]] = (pk, occurrence.end)
    known = run.made.setdefault(uid, {})
    stale = [
        row
        for key, row in known.items()
        if key not in wanted and (row.touch is None or row.touch.at >= run.since)
    ]
    _take_back(run, stale)
    for row in stale:
        known.pop(row.key)
    for key, (pk, at) in wanted.items():
        contact = run.contact(pk)
        if key in known or contact is None:
            continue
        touch = touch_record(
            owner=run.source.owner,
            contact=contact,
            channel=TouchChannel.MEETING,
            at=at,
            source=TouchSource.CALENDAR,
        )
        known[key] = SourceTouch.objects.create(source=run.source, key=key, touch=touch)
        run.changes.touches += 1
    return _next_end(text, run.zone, run.now)


def _gone(run: _Run, row: SourceEvent) -> None:
    _take_back(run, list(run.made.pop(row.uid, {}).values()))
    row.delete()


def _calendar_sync(run: _Run, dav: CalDAV, calendar: SourceCalendar) -> None:
    changed = dav.changes(calendar.url, calendar.sync_token)
    rows = {row.href: row for row in SourceEvent.objects.filter(calendar=calendar)}
    gone = set(changed.gone) | (
        {href for href in rows if href not in changed.events} if changed.full else set()
    )
    # Events unchanged on the server whose occurrence has ended since the last read.
    due = [
        href
        for href, row in rows.items()
        if row.next_end and row.next_end <= run.now and href not in changed.events
    ]
    texts = {href: text for href, (_etag, text) in changed.events.items()}
    texts.update(dav.events(calendar.url, due) if due else {})
    if (texts or gone) and not run.made:
        run.read_made()
    with transaction.atomic():
        for href in gone:
            if href in rows:
                _gone(run, rows[href])
        for href, text in texts.items():
            row = rows.get(href) or SourceEvent(calendar=calendar, href=href)
            row.etag = changed.events.get(href, (row.etag, ""))[0]
            row.uid = _uid(text)
            row.next_end = _read(run, row.uid, text)
            row.save()
            run.changes.events += 1
        calendar.sync_token = changed.token
        calendar.save(update_fields=["sync_token"])


def calendar_sync(*, source: Source, dav: CalDAV) -> Changes:
    """Read what changed in the calendars the user follows into meeting touches."""
    now = timezone.now()
    zone = preferences_of(source.owner).zone
    since = now - timedelta(days=settings.SOURCES_CALENDAR_LOOKBACK_DAYS)
    run = _Run(source, People.of(source), zone, now, since, Changes())
    for calendar in source.calendars.filter(chosen=True):
        _calendar_sync(run, dav, calendar)
    return run.changes


def calendars_store(*, source: Source, found: list[Any]) -> None:
    """The calendars discovery found, kept (with the user's choice) or added; those gone
    from the account are forgotten with their events (their touches stay)."""
    known = {calendar.url: calendar for calendar in source.calendars.all()}
    for item in found:
        calendar = known.pop(item.url, None) or SourceCalendar(source=source, url=item.url)
        calendar.name = item.name[:200]
        calendar.save()
    for calendar in known.values():
        calendar.delete()
