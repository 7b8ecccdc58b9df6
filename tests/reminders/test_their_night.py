"""A contact with a time zone of their own is not proposed a call in their night
(22:00 to 08:00 on their clock): the step moves to their morning, unless the window would
close first."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.services import DateInput, contact_create
from reminders import policy
from reminders.models import Reminder, ReminderKind, Source
from reminders.policy import Step, StepKind
from reminders.schedule import DailyTime
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import occasions_open_due
from tests.factories import at

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
FAR = at("2026-12-31 00:00")


@pytest.mark.parametrize(
    ("kind", "step_at", "deadline", "zone", "expected"),
    [
        # 22:30 in New York (EST, UTC-5) → 08:00 there.
        (StepKind.PROMPT, "2026-12-02 03:30", FAR, NEW_YORK, "2026-12-02 13:00"),
        # 07:59 there → 08:00.
        (StepKind.RETRY, "2026-12-02 12:59", FAR, NEW_YORK, "2026-12-02 13:00"),
        (StepKind.NUDGE, "2026-12-02 04:00", FAR, NEW_YORK, "2026-12-02 13:00"),
        # 08:00 and 21:59 there are the day: they stay.
        (StepKind.PROMPT, "2026-12-02 13:00", FAR, NEW_YORK, "2026-12-02 13:00"),
        (StepKind.PROMPT, "2026-12-03 02:59", FAR, NEW_YORK, "2026-12-03 02:59"),
        # The window closes before their morning: the prompt stays (late is worse).
        (StepKind.PROMPT, "2026-12-02 03:30", at("2026-12-02 04:30"), NEW_YORK, "2026-12-02 03:30"),
        # The final warning and overdue keep their moment.
        (StepKind.FINAL, "2026-12-02 03:30", FAR, NEW_YORK, "2026-12-02 03:30"),
        (StepKind.OVERDUE, "2026-12-02 03:30", FAR, NEW_YORK, "2026-12-02 03:30"),
        # No zone of their own: nothing moves.
        (StepKind.PROMPT, "2026-12-02 03:30", FAR, None, "2026-12-02 03:30"),
        # A keep-in-touch push (no deadline) moves whatever its kind; summer time (EDT).
        (StepKind.OVERDUE, "2026-07-02 03:30", None, NEW_YORK, "2026-07-02 12:00"),
    ],
)
def test_it_moves_a_call_out_of_their_night(kind, step_at, deadline, zone, expected):
    moved = policy.outside_their_night(Step(kind, at(step_at)), zone=zone, deadline=deadline)

    assert moved == Step(kind, at(expected))


ZONES = ["America/New_York", "Asia/Tokyo", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]


@given(
    moment=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
)
def test_a_moved_step_is_in_their_day_and_the_first_moment_of_it(moment, zone):
    their = ZoneInfo(zone)
    moved = policy.outside_their_night(Step(StepKind.PROMPT, moment), zone=their, deadline=None)

    local = moved.at.astimezone(their).time()
    assert time(8) <= local < time(22)
    assert moved.at >= moment
    if moved.at != moment:
        assert local == time(8)
        assert moved.at - moment <= timedelta(hours=10, minutes=30)


def test_a_keep_in_touch_digest_in_their_night_goes_at_their_morning():
    # 09:00 in Berlin is 00:00 in Los Angeles: their 08:00 is 17:00 in Berlin (16:00 UTC);
    # late from the 10th at noon, so the next digest is on the 11th.
    plan = policy.plan_keep_in_touch(
        due=at("2026-12-01 12:00"),
        late_from=at("2026-12-10 12:00"),
        digest=DailyTime(time(9), ZoneInfo("Europe/Berlin")),
        quiet=None,
        now=at("2026-12-01 12:00"),
        their_zone=ZoneInfo("America/Los_Angeles"),
    )

    assert [step.at for step in plan.steps] == [at("2026-12-02 16:00"), at("2026-12-11 16:00")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("relationship", "first_push"),
    [
        # A day's window: the prompt waits for 08:00 in Tokyo (23:00 UTC).
        ("family", "2026-03-02 23:00"),
        # An hour's window closes long before their morning: at once.
        ("client", "2026-03-02 14:00"),
    ],
)
def test_a_call_from_their_night_is_proposed_in_their_morning(user, relationship, first_push):
    anna = contact_create(
        owner=user,
        name="Anna",
        relationship=relationship,
        time_zone="Asia/Tokyo",
        numbers=[("+81312345678", "")],
    )
    # 23:00 in Tokyo, 15:00 in Berlin (the user has no quiet hours then).
    with time_machine.travel(at("2026-03-02 14:00"), tick=False):
        # From an automation: nobody has seen it yet, so the plan starts with a prompt.
        reminder = missed_call_record(
            owner=user, contact=anna, number="+81312345678", source=Source.API
        ).reminder

    assert reminder is not None
    assert reminder.next_step == StepKind.PROMPT
    assert reminder.next_step_at == at(first_push)


@pytest.mark.parametrize(
    ("their_zone", "push_at"),
    [
        # 09:00 in Berlin is 00:00 in Los Angeles: their 08:00 is 17:00 in Berlin.
        ("America/Los_Angeles", "2026-12-02 16:00"),
        # 09:00 in Berlin is 19:00 in Sydney (summer there): their day, it stays.
        ("Australia/Sydney", "2026-12-02 08:00"),
        # 09:00 in Berlin is 22:00 the day before in Honolulu: their 08:00 is 19:00 in Berlin.
        ("Pacific/Honolulu", "2026-12-02 18:00"),
        # No zone of their own: the user's digest time.
        (None, "2026-12-02 08:00"),
    ],
)
def test_a_birthday_push_in_their_night_goes_at_their_morning(their_zone, push_at):
    plan = policy.plan_day(
        day=datetime(2026, 12, 2).date(),
        digest=DailyTime(time(9), ZoneInfo("Europe/Berlin")),
        quiet=None,
        now=at("2026-12-01 12:00"),
        their_zone=ZoneInfo(their_zone) if their_zone else None,
    )

    assert [step.at for step in plan.steps] == [at(push_at)]


def test_a_birthday_push_stays_when_their_morning_comes_after_the_users_day():
    # 21:00 in New York is 03:00 in Berlin; their 08:00 is 02:00 in New York, the next
    # day, when the user's day and its reminder are over: the push stays at 21:00.
    plan = policy.plan_day(
        day=datetime(2026, 12, 2).date(),
        digest=DailyTime(time(21), NEW_YORK),
        quiet=None,
        now=at("2026-12-01 12:00"),
        their_zone=ZoneInfo("Europe/Berlin"),
    )

    assert [step.at for step in plan.steps] == [at("2026-12-03 02:00")]


@pytest.mark.django_db
def test_a_birthday_of_someone_in_los_angeles_is_pushed_in_their_morning(user):
    preferences_update(user=user, time_zone="Europe/Berlin")
    contact_create(
        owner=user,
        name="Anna",
        relationship="friend",
        time_zone="America/Los_Angeles",
        dates=[DateInput(kind="birthday", yearly=YearlyDate(12, 2))],
    )

    # 08:00 in Berlin on her birthday: the digest at 09:00 would be midnight for her.
    with time_machine.travel(at("2026-12-02 07:00"), tick=False):
        occasions_open_due(now=at("2026-12-02 07:00"))

    reminder = Reminder.objects.get(owner=user, kind=ReminderKind.OCCASION)
    assert reminder.next_step_at == at("2026-12-02 16:00")
