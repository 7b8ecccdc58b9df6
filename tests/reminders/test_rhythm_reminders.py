"""The relationship rhythm's reminders: keep in touch (closed by any touch), birthdays and
other days, the day after a date — opened when due, pushed at the digest time in the
user's zone and outside quiet hours, across both DST changes."""

import itertools
from datetime import date, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import preferences_update
from contacts.models import ContactDate, DateKind, Direction, Relationship, TouchChannel
from contacts.services import DateInput, contact_create, contact_update, touch_delete, touch_record
from reminders.api.output import reminder_shown, rhythm_shown, showing_for
from reminders.api.serializers import ReminderSerializer, RhythmSerializer
from reminders.models import Reminder, ReminderKind, ReminderState, Resolution
from reminders.policy import StepKind
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import rhythm_reminders_open
from reminders.services.transitions import reminder_complete, reminder_dismiss, reminders_expire
from tests.factories import at

BERLIN = "Europe/Berlin"
NUMBERS = (f"+4915112{n:06d}" for n in itertools.count())


@pytest.fixture
def berlin(user):
    preferences_update(user=user, time_zone=BERLIN, digest_time=time(9, 0))
    return user


def _travel(moment):
    return time_machine.travel(moment, tick=False)


def _family(user, name="Mum", **fields):
    return contact_create(
        owner=user,
        name=name,
        relationship=Relationship.FAMILY,
        numbers=[(next(NUMBERS), "mobile")],
        **fields,
    )


def _kit(contact):
    return Reminder.objects.filter(contact=contact, kind=ReminderKind.KEEP_IN_TOUCH)


# --- keep in touch ------------------------------------------------------------------


def test_it_opens_keep_in_touch_when_the_rhythm_comes_due_and_pushes_at_digest_time(berlin):
    with _travel(at("2026-06-01 12:00")):
        mum = _family(berlin)
        touch_record(owner=berlin, contact=mum, channel=TouchChannel.CALL)
    mum.refresh_from_db()
    assert mum.next_touch_due == at("2026-06-15 12:00")  # family: every 14 days

    with _travel(at("2026-06-15 11:59")):
        assert rhythm_reminders_open() == 0
    with _travel(at("2026-06-15 12:00")):
        assert rhythm_reminders_open() == 1
        assert rhythm_reminders_open() == 0  # at most one open per contact

    reminder = _kit(mum).get()
    assert reminder.state == ReminderState.OPEN
    assert reminder.call_count == 0 and reminder.first_call_at is None
    # Due in the afternoon: the push waits for the next morning's 09:00 in Berlin (CEST).
    assert (reminder.next_step, reminder.next_step_at) == (StepKind.PROMPT, at("2026-06-16 07:00"))
    # Late (red) after half the period more: 7 days.
    assert reminder.deadline == at("2026-06-22 12:00")


def test_a_rhythm_already_overdue_when_set_goes_out_red_at_the_next_digest_time(berlin):
    with _travel(at("2026-01-01 12:00")):
        friend = contact_create(owner=berlin, name="Sam", relationship=Relationship.OTHER)
    with _travel(at("2026-06-10 20:00")):
        contact_update(contact=friend, keep_in_touch_days=30)
        rhythm_reminders_open()

    reminder = _kit(friend).get()
    assert (reminder.next_step, reminder.next_step_at) == (StepKind.OVERDUE, at("2026-06-11 07:00"))


@pytest.mark.parametrize(
    ("how", "source"),
    [("app", "app"), ("callback done", "callback"), ("automation", "api")],
)
def test_any_touch_closes_the_keep_in_touch_reminder_and_restarts_the_count(
    berlin, api, token_api, how, source
):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-05-20 12:00")):
        rhythm_reminders_open()
        reminder = _kit(mum).get()
        if how == "app":
            response = api.post(
                f"/api/contacts/{mum.pk}/touches/", {"channel": "text"}, format="json"
            )
            assert response.status_code == 201
        elif how == "callback done":
            call = missed_call_record(owner=berlin, number=mum.numbers.get().number)
            reminder_complete(reminder=call.reminder, resolution=Resolution.CALLED_BACK)
        else:
            response = token_api.post(
                "/api/touches/",
                {"number": mum.numbers.get().number, "channel": "call", "direction": "in"},
                format="json",
            )
            assert response.status_code == 201, response.json()

    reminder.refresh_from_db()
    assert (reminder.state, reminder.resolution) == (ReminderState.DONE, Resolution.IN_TOUCH)
    assert mum.touches.get().source == source
    mum.refresh_from_db()
    assert mum.next_touch_due == at("2026-06-03 12:00")
    with _travel(at("2026-05-20 12:05")):
        assert rhythm_reminders_open() == 0


def test_a_touch_logged_for_long_ago_leaves_the_rhythm_due(berlin):
    with _travel(at("2026-04-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-05-20 12:00")):
        rhythm_reminders_open()
        touch_record(
            owner=berlin, contact=mum, channel=TouchChannel.MEETING, at=at("2026-04-10 12:00")
        )

    assert _kit(mum).get().state == ReminderState.OPEN


def test_dismissing_keep_in_touch_counts_the_rhythm_again_from_then(berlin):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-05-20 12:00")):
        rhythm_reminders_open()
        reminder_dismiss(reminder=_kit(mum).get())
        assert rhythm_reminders_open() == 0
    mum.refresh_from_db()
    assert mum.next_touch_due == at("2026-06-03 12:00")
    assert mum.touches.count() == 0
    with _travel(at("2026-06-03 12:00")):
        assert rhythm_reminders_open() == 1


def test_deleting_the_touch_that_reset_the_rhythm_brings_the_due_moment_back(berlin):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
        first = touch_record(owner=berlin, contact=mum, channel=TouchChannel.CALL)
    with _travel(at("2026-05-10 12:00")):
        second = touch_record(owner=berlin, contact=mum, channel=TouchChannel.CALL)
        touch_delete(touch=second)
    mum.refresh_from_db()
    assert mum.last_contacted_at == first.at
    assert mum.next_touch_due == at("2026-05-15 12:00")


def test_undoing_a_callback_done_takes_its_touch_back_from_the_rhythm(berlin):
    from reminders.services.transitions import reminder_reopen

    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-05-10 12:00")):
        call = missed_call_record(owner=berlin, number=mum.numbers.get().number)
        reminder_complete(reminder=call.reminder, resolution=Resolution.CALLED_BACK)
        mum.refresh_from_db()
        assert mum.next_touch_due == at("2026-05-24 12:00")
        reminder_reopen(reminder=call.reminder)
    mum.refresh_from_db()
    assert mum.last_contacted_at is None
    assert mum.next_touch_due == at("2026-05-15 12:00")


def test_a_new_relationship_rhythm_moves_everyone_it_applies_to(berlin, api):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
        own = _family(berlin, "Dad", keep_in_touch_days=3)
        api.patch("/api/me/", {"keep_in_touch_defaults": {"family": 7}}, format="json")
    mum.refresh_from_db()
    own.refresh_from_db()
    assert mum.next_touch_due == at("2026-05-08 12:00")
    assert own.next_touch_due == at("2026-05-04 12:00")

    with _travel(at("2026-05-02 12:00")):
        api.patch("/api/me/", {"keep_in_touch_defaults": {"family": None}}, format="json")
    mum.refresh_from_db()
    assert mum.next_touch_due is None


def test_archived_contacts_are_not_asked_for(berlin):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin, archived=True)
    with _travel(at("2026-06-01 12:00")):
        assert rhythm_reminders_open() == 0
    assert not _kit(mum).exists()


def test_keep_in_touch_never_expires_but_turns_late(berlin, api):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-05-15 12:00")):
        rhythm_reminders_open()
    with _travel(at("2026-05-16 12:00")):
        (item,) = api.get("/api/reminders/").json()["results"]
        assert item["kind"] == "keep_in_touch"
        assert item["rhythm"]["level"] == "due"
        assert item["rhythm"]["title"] == "Get in touch with Mum"
    with _travel(at("2026-09-01 12:00")):
        reminders_expire()
        (item,) = api.get("/api/reminders/").json()["results"]
        assert item["rhythm"]["level"] == "late"
        assert item["rhythm"]["title"] == "It's been a while: Mum"
        assert item["actions"][0]["action"] == "call"
        assert "how are you" in item["suggested_text"]
    assert _kit(mum).get().state == ReminderState.OPEN


# --- dates ----------------------------------------------------------------------------


def _with_day(user, name, text, *, kind=DateKind.BIRTHDAY, before=0, relationship="other"):
    from contacts.dates import parse_yearly

    return contact_create(
        owner=user,
        name=name,
        relationship=relationship,
        numbers=[(next(NUMBERS), "mobile")],
        dates=[DateInput(kind=kind, yearly=parse_yearly(text), remind_days_before=before)],
    )


def _occasions(contact):
    return Reminder.objects.filter(contact=contact, kind=ReminderKind.OCCASION).order_by("due_on")


def test_a_birthday_opens_at_the_start_of_the_local_day_pushes_at_digest_time_and_says_the_age(
    berlin, api
):
    with _travel(at("2026-11-01 12:00")):
        anna = _with_day(berlin, "Anna", "1986-11-28")
    with _travel(at("2026-11-27 22:59")):  # 23:59 in Berlin: not yet
        assert rhythm_reminders_open() == 0
    with _travel(at("2026-11-27 23:00")):  # midnight in Berlin
        assert rhythm_reminders_open() == 1

    reminder = _occasions(anna).get()
    assert reminder.due_on == date(2026, 11, 28)
    assert (reminder.next_step, reminder.next_step_at) == (StepKind.PROMPT, at("2026-11-28 08:00"))
    assert reminder.deadline == at("2026-11-28 23:00")  # the end of the day in Berlin
    with _travel(at("2026-11-28 08:00")):
        (item,) = api.get("/api/reminders/").json()["results"]
    assert item["rhythm"]["title"] == "Birthday today: Anna"
    assert item["rhythm"]["lines"] == ["Turns 40"]
    assert item["rhythm"]["occasion"]["years"] == 40
    assert item["suggested_text"] == "Hi Anna, happy birthday! All the best to you!"

    with _travel(at("2026-11-28 23:00")):
        reminders_expire()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.EXPIRED


def test_a_birthday_without_a_year_has_no_age(berlin, api):
    with _travel(at("2026-11-01 12:00")):
        _with_day(berlin, "Anna", "--11-28")
    with _travel(at("2026-11-28 08:00")):
        rhythm_reminders_open()
        (item,) = api.get("/api/reminders/").json()["results"]
    assert item["rhythm"]["title"] == "Birthday today: Anna"
    assert item["rhythm"]["lines"] == []


def test_remind_days_before_opens_a_heads_up_and_the_day_itself(berlin, api):
    with _travel(at("2026-11-01 12:00")):
        anna = _with_day(berlin, "Anna", "1986-11-28", before=3)
    for day in ("2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"):
        with _travel(at(f"{day} 10:00")):
            rhythm_reminders_open()
            reminders_expire()

    assert [r.due_on for r in _occasions(anna)] == [date(2026, 11, 25), date(2026, 11, 28)]
    heads_up = _occasions(anna).first()
    assert heads_up.state == ReminderState.EXPIRED
    with _travel(at("2026-11-25 10:00")):
        Reminder.objects.filter(pk=heads_up.pk).update(state=ReminderState.OPEN)
        item = api.get(f"/api/reminders/{heads_up.pk}/").json()
    assert item["rhythm"]["title"] == "Birthday in 3 days: Anna"
    assert item["rhythm"]["lines"] == ["Will turn 40"]
    assert item["suggested_text"] == ""


def test_29_february_falls_on_28_february_in_a_year_without_one(berlin):
    with _travel(at("2026-11-01 12:00")):
        leap = _with_day(berlin, "Leo", "2000-02-29")
    with _travel(at("2027-02-28 10:00")):
        assert rhythm_reminders_open() == 1
    with _travel(at("2028-02-28 10:00")):
        assert rhythm_reminders_open() == 0
    with _travel(at("2028-02-29 10:00")):
        assert rhythm_reminders_open() == 1
    assert [r.due_on for r in _occasions(leap)] == [date(2027, 2, 28), date(2028, 2, 29)]


def test_an_anniversary_says_its_name_and_years_and_a_dismissed_one_stays_closed(berlin, api):
    with _travel(at("2026-11-01 12:00")):
        _with_day(berlin, "Tom", "2001-11-28", kind=DateKind.ANNIVERSARY)
        ContactDate.objects.update(label="Wedding")
    with _travel(at("2026-11-28 10:00")):
        rhythm_reminders_open()
        (item,) = api.get("/api/reminders/").json()["results"]
        assert item["rhythm"]["title"] == "Wedding today: Tom"
        assert item["rhythm"]["lines"] == ["25 years"]
        assert api.post(f"/api/reminders/{item['id']}/dismiss/").status_code == 200
        assert rhythm_reminders_open() == 0


def test_a_date_added_for_today_after_digest_time_opens_and_goes_out_at_once(berlin, api):
    with _travel(at("2026-11-28 14:00")):
        response = api.post(
            "/api/contacts/",
            {
                "name": "Anna",
                "numbers": [{"number": "+4915112345678"}],
                "dates": [{"kind": "birthday", "date": "--11-28"}],
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        rhythm_reminders_open()
    reminder = Reminder.objects.get(kind=ReminderKind.OCCASION)
    assert reminder.next_step_at == at("2026-11-28 14:00")


def test_a_birthday_call_on_the_day_settles_it_but_a_call_before_does_not(berlin):
    with _travel(at("2026-11-01 12:00")):
        anna = _with_day(berlin, "Anna", "1986-11-28", before=1)
    with _travel(at("2026-11-27 10:00")):
        rhythm_reminders_open()
        touch_record(owner=berlin, contact=anna, channel=TouchChannel.CALL)
        assert _occasions(anna).get().state == ReminderState.OPEN
    with _travel(at("2026-11-28 10:00")):
        rhythm_reminders_open()
        touch_record(owner=berlin, contact=anna, channel=TouchChannel.CALL)
    assert _occasions(anna).last().state == ReminderState.DONE


# --- the day after a date ---------------------------------------------------------------


def test_a_date_opens_a_reminder_to_call_the_next_day(berlin, api):
    with _travel(at("2026-11-27 12:00")):
        sam = contact_create(
            owner=berlin, name="Sam", relationship=Relationship.DATE, numbers=[(next(NUMBERS), "")]
        )
    with _travel(at("2026-11-27 22:30")):  # 23:30 in Berlin, just back home
        response = api.post(
            f"/api/contacts/{sam.pk}/touches/",
            {"channel": "date", "at": "2026-11-27T19:00"},
            format="json",
        )
        assert response.status_code == 201, response.json()

    reminder = Reminder.objects.get(kind=ReminderKind.AFTER_DATE)
    assert reminder.due_on == date(2026, 11, 28)
    assert (reminder.next_step, reminder.next_step_at) == (StepKind.PROMPT, at("2026-11-28 08:00"))
    assert reminder.deadline == at("2026-11-28 23:00")
    with _travel(at("2026-11-28 08:00")):
        (item,) = api.get("/api/reminders/").json()["results"]
    assert item["rhythm"]["title"] == "Call Sam today"
    assert item["suggested_text"].startswith("Hi Sam, thank you for yesterday evening")
    assert [a["action"] for a in item["actions"]] == ["call", "text"]

    with _travel(at("2026-11-28 18:00")):
        touch_record(owner=berlin, contact=sam, channel=TouchChannel.CALL, direction=Direction.OUT)
    reminder.refresh_from_db()
    assert (reminder.state, reminder.resolution) == (ReminderState.DONE, Resolution.IN_TOUCH)


def test_a_date_logged_after_the_next_day_is_over_opens_nothing(berlin):
    with _travel(at("2026-11-20 12:00")):
        sam = contact_create(owner=berlin, name="Sam", relationship=Relationship.DATE)
    with _travel(at("2026-11-28 12:00")):
        touch_record(
            owner=berlin, contact=sam, channel=TouchChannel.DATE, at=at("2026-11-25 19:00")
        )
    assert not Reminder.objects.filter(kind=ReminderKind.AFTER_DATE).exists()


def test_deleting_the_date_takes_its_reminder_with_it(berlin):
    with _travel(at("2026-11-27 20:00")):
        sam = contact_create(owner=berlin, name="Sam", relationship=Relationship.DATE)
        touch = touch_record(owner=berlin, contact=sam, channel=TouchChannel.DATE)
        assert Reminder.objects.filter(kind=ReminderKind.AFTER_DATE).exists()
        touch_delete(touch=touch)
    assert not Reminder.objects.filter(kind=ReminderKind.AFTER_DATE).exists()


# --- the digest time: DST, quiet hours, a change of time --------------------------------


@pytest.mark.parametrize(
    ("due", "push"),
    [
        # Spring forward on 29 March 2026: 09:00 is 08:00 UTC the day before, 07:00 after.
        ("2026-03-28 12:00", "2026-03-29 07:00"),
        # Fall back on 25 October 2026: 09:00 is 07:00 UTC the day before, 08:00 after.
        ("2026-10-24 12:00", "2026-10-25 08:00"),
    ],
)
def test_the_digest_time_is_nine_on_the_users_clock_across_dst(berlin, due, push):
    with _travel(at(due) - timedelta(days=14)):
        mum = _family(berlin)
    with _travel(at(due)):
        rhythm_reminders_open()
    assert _kit(mum).get().next_step_at == at(push)


def test_a_digest_time_inside_quiet_hours_waits_for_their_end(berlin):
    preferences_update(user=berlin, quiet_start=time(22, 0), quiet_end=time(10, 0))
    with _travel(at("2026-06-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-06-15 12:00")):
        rhythm_reminders_open()
    assert _kit(mum).get().next_step_at == at("2026-06-16 08:00")  # 10:00 in Berlin


def test_me_shows_the_digest_time_and_a_new_one_moves_the_pushes_to_come(berlin, api):
    assert api.get("/api/me/").json()["digest_time"] == "09:00"
    with _travel(at("2026-06-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-06-15 12:00")):
        rhythm_reminders_open()
        response = api.patch("/api/me/", {"digest_time": "18:30"}, format="json")
        assert response.json()["digest_time"] == "18:30"
        assert api.patch("/api/me/", {"digest_time": "25:00"}, format="json").status_code == 400
    assert _kit(mum).get().next_step_at == at("2026-06-15 16:30")


def test_a_missed_call_from_someone_with_an_open_rhythm_reminder_opens_its_own_callback(berlin):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
    with _travel(at("2026-05-20 12:00")):
        rhythm_reminders_open()
        call = missed_call_record(owner=berlin, number=mum.numbers.get().number)
    assert call.reminder.kind == ReminderKind.CALLBACK
    assert Reminder.objects.filter(contact=mum, state=ReminderState.OPEN).count() == 2


def test_opening_reads_numbers_and_rhythms_once_however_many_come_due(berlin, other_user):
    with _travel(at("2026-05-01 12:00")):
        for n in range(4):
            _family(berlin, f"Cousin {n}")
            _with_day(other_user, f"Friend {n}", "--05-20")
    with _travel(at("2026-05-20 12:00")), CaptureQueriesContext(connection) as queries:
        assert rhythm_reminders_open() == 8

    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('"contacts_phonenumber"' in sql for sql in reads) == 2  # one per opener
    assert sum('"contacts_relationshiprhythm"' in sql for sql in reads) == 1


def test_the_rhythm_json_is_rhythm_serializers(berlin, rf):
    with _travel(at("2026-05-01 12:00")):
        mum = _family(berlin)
        touch_record(owner=berlin, contact=mum, channel=TouchChannel.CALL)
        anna = _with_day(berlin, "Anna", "1986-05-20")
    with _travel(at("2026-05-20 08:00")):
        rhythm_reminders_open()
        request = rf.get("/api/reminders/")
        request.user = berlin
        showing = showing_for(request)
        reminders = [_kit(mum).get(), _occasions(anna).get()]
        written = [ReminderSerializer(reminder_shown(r, showing)).data for r in reminders]

        for reminder, data in zip(reminders, written, strict=True):
            assert data["rhythm"] == RhythmSerializer(rhythm_shown(reminder, showing)).data
    assert [data["rhythm"]["last_contacted_at"] for data in written] == [
        "2026-05-01T12:00:00Z",
        None,
    ]
