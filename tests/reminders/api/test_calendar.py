"""GET /api/calendar/<secret>.ics: deadlines, days and keep-in-touch due days, read by
icalendar and by vobject (a second, independent parser); names only; rotation."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import time_machine
import vobject
from rest_framework.test import APIClient

from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.services import DateInput, contact_create, touch_record
from reminders.services.calls import missed_call_record
from tests.factories import at

NOW = at("2027-02-20 12:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(user):
    preferences_update(user=user, time_zone="Europe/Berlin", phone_region="DE")
    mum = contact_create(
        owner=user,
        name="Mum",
        relationship="family",
        numbers=[("+49301234567", "home")],
        notes="Secret note",
        dates=[DateInput(kind="birthday", yearly=YearlyDate(2, 29, 1952))],
    )
    contact_create(
        owner=user,
        name="Anna",
        relationship="friend",
        dates=[DateInput(kind="anniversary", yearly=YearlyDate(6, 1), label="")],
    )
    contact_create(owner=user, name="Archived", relationship="family", archived=True)
    call = missed_call_record(owner=user, contact=mum, reason="About the Sunday roast")
    missed_call_record(owner=user, number="+4915123456789", reason="Who was it")
    touch_record(owner=user, contact=mum, channel="meeting", at=NOW - timedelta(days=3))
    return {"mum": mum, "reminder": call.reminder}


def feed(api) -> tuple[str, bytes]:
    url = api.get("/api/me/").json()["calendar_url"]
    path = url.removeprefix("http://testserver")
    response = APIClient().get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return path, response.content


def test_the_feed_has_deadlines_days_and_due_touches(api, people):
    _path, body = feed(api)

    calendar = icalendar.Calendar.from_ical(body)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        "Call back Mum",
        "Find out who called",
        "Birthday: Mum",
        "Anniversary: Anna",
        "Get in touch with Mum",
        "Get in touch with Anna",
    }
    deadline = people["reminder"].deadline
    assert events["Call back Mum"].decoded("dtend") == deadline
    assert events["Call back Mum"].decoded("dtstart") < deadline
    birthday = events["Birthday: Mum"]
    assert birthday.decoded("dtstart") == date(1952, 2, 29)
    assert birthday["rrule"]["FREQ"] == ["YEARLY"]
    # Family every 14 days from the meeting 3 days ago; Anna (friend, 30 days) since added.
    assert events["Get in touch with Mum"].decoded("dtstart") == date(2027, 3, 3)
    assert events["Get in touch with Anna"].decoded("dtstart") == date(2027, 3, 22)


def test_a_second_parser_reads_the_same_events_and_29_february_every_year(api, people):
    _path, body = feed(api)

    [calendar] = vobject.readComponents(body.decode())
    summaries = sorted(event.summary.value for event in calendar.vevent_list)
    assert summaries == sorted(
        [
            "Call back Mum",
            "Find out who called",
            "Birthday: Mum",
            "Anniversary: Anna",
            "Get in touch with Mum",
            "Get in touch with Anna",
        ]
    )
    birthday = next(e for e in calendar.vevent_list if e.summary.value == "Birthday: Mum")
    occurrences = birthday.getrruleset().between(
        datetime(2027, 1, 1), datetime(2029, 1, 1), inc=True
    )
    assert [day.date() for day in occurrences] == [date(2027, 2, 28), date(2028, 2, 29)]
    anniversary = next(e for e in calendar.vevent_list if e.summary.value == "Anniversary: Anna")
    assert anniversary.getrruleset().after(datetime(2027, 2, 20)).date() == date(2027, 6, 1)


def test_the_feed_shows_names_only(api, people):
    _path, body = feed(api)

    text = body.decode()
    for secret in ("+49301234567", "4915123456789", "Secret note", "Sunday roast", "Who was it"):
        assert secret not in text
    assert "Archived" not in text


def test_the_feed_speaks_the_users_language(api, user, people):
    preferences_update(user=user, language="de")

    _path, body = feed(api)

    summaries = {str(e["summary"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert "Geburtstag: Mum" in summaries


def test_a_rotated_url_answers_404_and_the_new_one_works(api, people):
    old, _body = feed(api)

    response = api.post("/api/me/calendar/rotate/")

    assert response.status_code == 200
    new = response.json()["calendar_url"].removeprefix("http://testserver")
    assert new != old
    assert APIClient().get(old).status_code == 404
    assert APIClient().get(new).status_code == 200
    assert api.get("/api/me/").json()["calendar_url"].endswith(new)


def test_a_token_cannot_rotate_the_url(token_api):
    assert token_api.post("/api/me/calendar/rotate/").status_code == 403


def test_an_unknown_secret_and_an_inactive_user_are_a_404(api, user, people):
    path, _body = feed(api)
    assert APIClient().get("/api/calendar/not-a-secret.ics").status_code == 404

    user.is_active = False
    user.save()

    assert APIClient().get(path).status_code == 404


def test_an_event_in_the_feed_is_stamped_in_utc(api, people):
    _path, body = feed(api)

    event = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))
    assert event.decoded("dtstamp") == datetime(2027, 2, 20, 12, 0, tzinfo=UTC)


def test_the_feed_says_how_often_to_refresh_as_a_duration(api, people):
    _url, body = feed(api)

    assert b"X-PUBLISHED-TTL:PT1H\r\n" in body
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body


def test_an_unchanged_feed_is_a_304_and_a_changed_one_is_sent_again(api, user, people):
    url, _body = feed(api)
    first = APIClient().get(url)
    tag = first["ETag"]

    again = APIClient().get(url, HTTP_IF_NONE_MATCH=tag)
    missed_call_record(owner=user, number="+4940999888")
    changed = APIClient().get(url, HTTP_IF_NONE_MATCH=tag)

    assert tag.startswith('W/"')
    assert (again.status_code, again.content) == (304, b"")
    assert changed.status_code == 200 and changed["ETag"] != tag


def test_the_feed_says_when_it_last_changed_and_answers_if_modified_since(api, user, people):
    url, _body = feed(api)
    first = APIClient().get(url)
    stamp = first["Last-Modified"]

    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        again = APIClient().get(url, HTTP_IF_MODIFIED_SINCE=stamp)
        same = APIClient().get(url)
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        missed_call_record(owner=user, number="+4940999888")
        changed = APIClient().get(url, HTTP_IF_MODIFIED_SINCE=stamp)

    assert stamp == "Sat, 20 Feb 2027 12:00:00 GMT"
    assert (again.status_code, again.content) == (304, b"")
    assert same["Last-Modified"] == stamp
    assert changed.status_code == 200
    assert changed["Last-Modified"] == "Sat, 20 Feb 2027 14:00:00 GMT"


def test_a_changed_feed_is_sent_even_with_an_old_tag_and_a_recent_date(api, user, people):
    url, _body = feed(api)
    first = APIClient().get(url)

    missed_call_record(owner=user, number="+4940999888")
    changed = APIClient().get(
        url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert changed.status_code == 200
