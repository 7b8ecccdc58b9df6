"""A user's calendar feed (iCalendar): open callback deadlines, contacts' days and
keep-in-touch due days, for a calendar app to subscribe to.

The URL is a secret (accounts.models.CalendarFeed) that calendar apps keep in the clear
and sync from servers of theirs, so the feed holds names and times only: no numbers,
notes, reasons or e-mail addresses.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from accounts.selectors import preferences_of
from accounts.users import User
from contacts.models import Contact, ContactDate, DateKind
from reminders.models import ACTIVE_STATES, Reminder, ReminderKind

# Calendar apps show a deadline best as a short block that ends at it.
DEADLINE_BLOCK = timedelta(minutes=15)
REFRESH = timedelta(hours=1)
_UID = "{kind}-{pk}@ringback"


def _event(uid: str, summary: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")  # never shows the user as busy
    return event


def _reminder_summary(reminder: Reminder) -> str:
    if reminder.contact is None:
        return _("Find out who called")  # an unknown number: the number stays out
    if reminder.kind == ReminderKind.FOLLOW_UP:
        return _("Try %(name)s again") % {"name": reminder.contact.name}
    return _("Call back %(name)s") % {"name": reminder.contact.name}


def _day_summary(row: ContactDate) -> str:
    name = row.contact.name
    if row.kind == DateKind.BIRTHDAY:
        return _("Birthday: %(name)s") % {"name": name}
    if row.kind == DateKind.ANNIVERSARY:
        return _("Anniversary: %(name)s") % {"name": name}
    label = row.label or _("A day")
    return _("%(label)s: %(name)s") % {"label": label, "name": name}


def _yearly(event: Event, row: ContactDate) -> None:
    """All day, every year; 29 February falls on the last day of February in the years
    without one (as contacts.dates has it), which BYMONTHDAY=-1 says."""
    if (row.month, row.day) == (2, 29):
        event.add("dtstart", date(row.year or 2000, 2, 29))
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("dtstart", date(row.year or 2000, row.month, row.day))
        event.add("rrule", {"freq": "yearly"})


def _deadlines(user: User, now: datetime) -> list[Event]:
    reminders = Reminder.objects.filter(
        owner=user,
        state__in=ACTIVE_STATES,
        kind__in=[ReminderKind.CALLBACK, ReminderKind.FOLLOW_UP, ReminderKind.IDENTIFY],
    ).select_related("contact")
    events = []
    for reminder in reminders.order_by("deadline", "id"):
        uid = _UID.format(kind="reminder", pk=reminder.pk)
        event = _event(uid, _reminder_summary(reminder), now)
        event.add("dtstart", reminder.deadline - DEADLINE_BLOCK)
        event.add("dtend", reminder.deadline)
        events.append(event)
    return events


def _days(user: User, now: datetime) -> list[Event]:
    rows = ContactDate.objects.filter(contact__owner=user, contact__archived=False)
    events = []
    for row in rows.select_related("contact").order_by("id"):
        event = _event(_UID.format(kind="day", pk=row.pk), _day_summary(row), now)
        _yearly(event, row)
        events.append(event)
    return events


def _touches_due(user: User, now: datetime, zone: ZoneInfo) -> list[Event]:
    today = now.astimezone(zone).date()
    events = []
    with_rhythm = Contact.objects.filter(owner=user, archived=False, next_touch_due__isnull=False)
    for contact in with_rhythm.order_by("id"):
        due = contact.next_touch_due
        assert due is not None  # filtered on
        summary = _("Get in touch with %(name)s") % {"name": contact.name}
        event = _event(_UID.format(kind="touch", pk=contact.pk), summary, now)
        # Overdue: on today, until a touch moves it on.
        event.add("dtstart", max(due.astimezone(zone).date(), today))
        events.append(event)
    return events


# How long the cache keeps when a user's feed last changed: past it, the next request
# counts as a change (one full download), never as "not modified".
_CHANGED_AT_TIMEOUT = 30 * 24 * 3600


def feed_changed_at(owner_pk: int, tag: str, *, now: datetime) -> datetime:
    """When the feed last changed to what `tag` identifies: the first request that saw this
    content, kept in the cache (shared by every web process when CACHE_URL names one).
    Nothing in the feed has a time of its own that a deletion would move, so the change
    is seen where the feed is made. A change within the same second as the one before is
    dated a second later: an HTTP date has whole seconds."""
    key = f"calendar-feed-changed:{owner_pk}"
    found = cache.get(key)
    if found is not None and found[0] == tag:
        return found[1]
    changed = now.replace(microsecond=0)
    if found is not None and found[1] >= changed:
        changed = found[1] + timedelta(seconds=1)
    cache.set(key, (tag, changed), _CHANGED_AT_TIMEOUT)
    return changed


def calendar_of(user: User, *, now: datetime) -> bytes:
    preferences = preferences_of(user)
    calendar = Calendar()
    calendar.add("prodid", "-//Ringback//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Ringback")
    calendar.add("x-wr-timezone", preferences.time_zone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # A duration (PT1H), as REFRESH-INTERVAL: Outlook reads X-PUBLISHED-TTL only so.
    calendar.add("x-published-ttl", vDuration(REFRESH))
    with translation.override(preferences.language):
        events = [
            *_deadlines(user, now),
            *_days(user, now),
            *_touches_due(user, now, preferences.zone),
        ]
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
