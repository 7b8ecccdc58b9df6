from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contacts.models import Relationship
from reminders.policy import StepKind, plan_callback, plan_follow_up, window_for
from tests.factories import at

CALL = at("2026-06-10 09:00")
BUSINESS = [Relationship.WORK, Relationship.CLIENT]
PERSONAL = [Relationship.FAMILY, Relationship.FRIEND, Relationship.PARTNER, Relationship.DATE]


def offsets(plan, called_at=CALL):
    return [(step.kind, step.at - called_at) for step in plan.steps]


@pytest.mark.parametrize("relationship", BUSINESS)
def test_it_gives_business_an_hour_with_a_nudge_at_15_minutes(relationship):
    plan = plan_callback(CALL, relationship)

    assert plan.window == timedelta(hours=1)
    assert plan.deadline == at("2026-06-10 10:00")
    assert offsets(plan) == [
        (StepKind.PROMPT, timedelta(0)),
        (StepKind.NUDGE, timedelta(minutes=15)),
        (StepKind.FINAL, timedelta(minutes=50)),
        (StepKind.OVERDUE, timedelta(hours=1)),
    ]


@pytest.mark.parametrize("relationship", PERSONAL)
def test_it_gives_people_close_to_you_a_day_with_half_way_and_final_warnings(relationship):
    plan = plan_callback(CALL, relationship)

    assert plan.deadline == at("2026-06-11 09:00")
    assert offsets(plan) == [
        (StepKind.PROMPT, timedelta(0)),
        (StepKind.NUDGE, timedelta(hours=12)),
        (StepKind.FINAL, timedelta(hours=22)),
        (StepKind.OVERDUE, timedelta(hours=24)),
    ]


def test_it_asks_who_called_for_an_unknown_number():
    plan = plan_callback(CALL, None)

    assert [step.kind for step in plan.steps] == [StepKind.IDENTIFY]
    assert plan.steps[0].at == CALL
    assert plan.deadline == CALL + timedelta(hours=24)


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        (timedelta(minutes=14, seconds=59), StepKind.NUDGE),
        (timedelta(minutes=15), StepKind.NUDGE),
        (timedelta(minutes=15, microseconds=1), StepKind.FINAL),
        (timedelta(minutes=59, seconds=59), StepKind.OVERDUE),
        (timedelta(hours=1), StepKind.OVERDUE),
    ],
)
def test_next_step_is_exact_at_the_business_boundaries(elapsed, expected):
    plan = plan_callback(CALL, Relationship.CLIENT)

    assert plan.next_step(CALL + elapsed).kind == expected


def test_next_step_is_none_just_after_the_24_hour_deadline():
    plan = plan_callback(CALL, Relationship.FAMILY)

    assert plan.next_step(CALL + timedelta(hours=24)).kind == StepKind.OVERDUE
    assert plan.next_step(CALL + timedelta(hours=24, microseconds=1)) is None


def test_a_contact_window_beats_the_users_which_beats_the_default():
    user_windows = {Relationship.FRIEND: timedelta(hours=6)}

    assert window_for(Relationship.FRIEND) == timedelta(hours=24)
    assert window_for(Relationship.FRIEND, user_windows=user_windows) == timedelta(hours=6)
    assert window_for(
        Relationship.FRIEND, user_windows=user_windows, contact_window=timedelta(hours=3)
    ) == timedelta(hours=3)
    # Overrides for one relationship leave the others alone.
    assert window_for(Relationship.WORK, user_windows=user_windows) == timedelta(hours=1)


def test_a_user_window_rescales_the_personal_steps():
    plan = plan_callback(
        CALL, Relationship.FRIEND, user_windows={Relationship.FRIEND: timedelta(hours=8)}
    )

    assert offsets(plan) == [
        (StepKind.PROMPT, timedelta(0)),
        (StepKind.NUDGE, timedelta(hours=4)),
        (StepKind.FINAL, timedelta(hours=6)),
        (StepKind.OVERDUE, timedelta(hours=8)),
    ]


def test_a_short_window_keeps_the_final_warning_and_drops_a_nudge_that_would_follow_it():
    plan = plan_callback(CALL, Relationship.FAMILY, contact_window=timedelta(hours=3))

    # Half-way (1:30) would come after "2 h before" (1:00): only the final warning stays.
    assert offsets(plan) == [
        (StepKind.PROMPT, timedelta(0)),
        (StepKind.FINAL, timedelta(hours=1)),
        (StepKind.OVERDUE, timedelta(hours=3)),
    ]


def test_a_very_short_window_still_has_a_prompt_and_an_overdue_step():
    plan = plan_callback(CALL, Relationship.WORK, contact_window=timedelta(minutes=5))

    assert offsets(plan) == [
        (StepKind.PROMPT, timedelta(0)),
        (StepKind.OVERDUE, timedelta(minutes=5)),
    ]


def test_a_long_business_window_keeps_the_nudge_at_15_minutes():
    plan = plan_callback(CALL, Relationship.WORK, contact_window=timedelta(hours=4))

    assert offsets(plan)[1:3] == [
        (StepKind.NUDGE, timedelta(minutes=15)),
        (StepKind.FINAL, timedelta(hours=3, minutes=50)),
    ]


@pytest.mark.parametrize(
    ("zone", "local_call", "local_deadline"),
    [
        # Clocks go forward during the window: 24 elapsed hours end an hour "later".
        ("Europe/Berlin", datetime(2026, 3, 28, 20, 0), datetime(2026, 3, 29, 21, 0)),
        # Clocks go back: they end an hour "earlier".
        ("America/New_York", datetime(2026, 10, 31, 20, 0), datetime(2026, 11, 1, 19, 0)),
        # A half-hour DST shift.
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 12, 0), datetime(2026, 4, 5, 11, 30)),
    ],
)
def test_the_24_hour_window_is_elapsed_time_across_dst_changes(zone, local_call, local_deadline):
    tz = ZoneInfo(zone)
    called_at = local_call.replace(tzinfo=tz)

    plan = plan_callback(called_at, Relationship.FRIEND)

    assert plan.deadline - called_at == timedelta(hours=24)
    assert plan.deadline.astimezone(tz).replace(tzinfo=None) == local_deadline
    # Steps are instants: the same whichever zone the call time was given in.
    in_utc = plan_callback(called_at.astimezone(ZoneInfo("UTC")), Relationship.FRIEND)
    assert [s.at for s in in_utc.steps] == [s.at for s in plan.steps]


def test_it_refuses_a_naive_call_time():
    with pytest.raises(ValueError, match="aware"):
        plan_callback(datetime(2026, 6, 10, 9, 0), Relationship.WORK)


@pytest.mark.parametrize(
    ("relationship", "retry_after"),
    [(Relationship.CLIENT, timedelta(minutes=30)), (Relationship.FRIEND, timedelta(hours=3))],
)
def test_a_follow_up_apologises_at_once_then_retries(relationship, retry_after):
    plan = plan_follow_up(CALL, relationship)

    assert offsets(plan) == [
        (StepKind.APOLOGY, timedelta(0)),
        (StepKind.RETRY, retry_after),
        (StepKind.OVERDUE, plan.window),
    ]
