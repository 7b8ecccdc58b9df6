"""Quiet hours in the user's zone, across DST changes: properties checked by hypothesis."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.policy import BEFORE_QUIET, Step, StepKind, outside_quiet_hours
from reminders.schedule import QuietHours

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]
BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = QuietHours(time(22, 0), time(7, 0), BERLIN)

wall_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59]))
quiet_hours = st.builds(
    QuietHours, wall_times, wall_times, st.sampled_from(ZONES).map(ZoneInfo)
).filter(lambda q: q.start != q.end)
# Moments around 2026's DST changes in all four zones, to the minute.
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
)
kinds = st.sampled_from([StepKind.PROMPT, StepKind.NUDGE, StepKind.FINAL, StepKind.OVERDUE])


def wall_time_exists(day, wall: time, zone: ZoneInfo) -> bool:
    local = datetime.combine(day, wall, tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None)


@settings(max_examples=250, deadline=None)
@given(quiet=quiet_hours, at=moments, kind=kinds, window=st.integers(1, 60 * 48))
def test_a_step_never_lands_inside_quiet_hours(quiet, at, kind, window):
    deadline = at + timedelta(minutes=window)
    moved = outside_quiet_hours(Step(kind, at), deadline=deadline, quiet=quiet, now=at)

    assert quiet.period_around(moved.at) is None
    period = quiet.period_around(at)
    if period is None:
        assert moved == Step(kind, at)
    else:
        # Already inside the night (now == at): no warning before it is possible.
        _start, end = period
        assert moved == Step(kind, end)
        local = moved.at.astimezone(quiet.zone)
        if wall_time_exists(local.date(), quiet.end, quiet.zone):
            assert local.time() == quiet.end


@settings(max_examples=250, deadline=None)
@given(quiet=quiet_hours, at=moments, earlier=st.integers(0, 60 * 24), window=st.integers(1, 600))
def test_a_deadline_inside_quiet_hours_brings_the_final_warning_before_them(
    quiet, at, earlier, window
):
    now = at - timedelta(minutes=earlier)
    deadline = at + timedelta(minutes=window)
    moved = outside_quiet_hours(Step(StepKind.NUDGE, at), deadline=deadline, quiet=quiet, now=now)

    period = quiet.period_around(at)
    if moved.kind == StepKind.FINAL:
        start, end = period
        assert start <= deadline < end
        assert now <= moved.at < start
        assert moved.at >= start - BEFORE_QUIET
    assert quiet.period_around(moved.at) is None


def test_it_waits_for_the_end_of_the_night_in_the_users_zone():
    at = datetime(2026, 6, 1, 23, 30, tzinfo=BERLIN)
    deadline = at + timedelta(hours=24)

    moved = outside_quiet_hours(Step(StepKind.NUDGE, at), deadline=deadline, quiet=NIGHT, now=at)

    assert moved == Step(StepKind.NUDGE, datetime(2026, 6, 2, 7, 0, tzinfo=BERLIN))


def test_a_deadline_in_the_night_sends_the_final_warning_before_it():
    now = datetime(2026, 6, 1, 21, 0, tzinfo=BERLIN)
    at = datetime(2026, 6, 1, 22, 20, tzinfo=BERLIN)

    moved = outside_quiet_hours(
        Step(StepKind.FINAL, at), deadline=at + timedelta(minutes=10), quiet=NIGHT, now=now
    )

    assert moved == Step(StepKind.FINAL, datetime(2026, 6, 1, 21, 45, tzinfo=BERLIN))


def test_the_night_the_clocks_go_forward_ends_at_seven_local_time():
    new_york = ZoneInfo("America/New_York")
    quiet = QuietHours(time(22, 0), time(7, 0), new_york)
    at = datetime(2026, 3, 8, 1, 0, tzinfo=new_york)  # EST; at 2:00 it becomes 3:00 EDT

    moved = outside_quiet_hours(
        Step(StepKind.NUDGE, at), deadline=at + timedelta(hours=12), quiet=quiet, now=at
    )

    assert moved.at == datetime(2026, 3, 8, 11, 0, tzinfo=UTC)  # 07:00 EDT
    assert moved.at - at == timedelta(hours=5)  # one hour of the night never happened


def test_half_hour_dst_on_lord_howe_and_quarter_hour_offsets_in_kathmandu():
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    quiet = QuietHours(time(22, 0), time(7, 0), lord_howe)
    at = datetime(2026, 4, 4, 23, 0, tzinfo=lord_howe)  # 2:00 becomes 1:30 that night
    moved = outside_quiet_hours(
        Step(StepKind.NUDGE, at), deadline=at + timedelta(days=1), quiet=quiet, now=at
    )
    assert moved.at - at == timedelta(hours=8, minutes=30)

    kathmandu = ZoneInfo("Asia/Kathmandu")
    quiet = QuietHours(time(22, 0), time(7, 0), kathmandu)
    at = datetime(2026, 6, 1, 17, 0, tzinfo=UTC)  # 22:45 in Kathmandu (+05:45)
    moved = outside_quiet_hours(
        Step(StepKind.NUDGE, at), deadline=at + timedelta(days=1), quiet=quiet, now=at
    )
    assert moved.at == datetime(2026, 6, 2, 1, 15, tzinfo=UTC)
