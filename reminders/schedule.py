"""Time arithmetic for reminders (pure): quiet hours as instants, in the user's zone.

Quiet hours are wall-clock times in the user's zone ("22:00 to 07:00"), so each night's
quiet period is found from the local dates around a moment and converted to instants;
across a DST change a night is an hour longer or shorter, and a quiet boundary that
falls into a skipped hour means the first instant after the gap.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def as_utc(moment: datetime) -> datetime:
    # Python adds a timedelta to the wall clock of an aware datetime's own zone, so
    # 24 h after 20:00 the evening before a DST change would be 25 or 23 real hours.
    # In UTC, wall clock and elapsed time agree.
    if moment.tzinfo is None:
        raise ValueError("reminder times must be aware datetimes")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time
    zone: ZoneInfo

    def _instant(self, day: date, wall: time) -> datetime:
        return wall_time_on(day, wall, self.zone)

    def period_around(self, moment: datetime) -> tuple[datetime, datetime] | None:
        """The quiet period [start, end) that contains `moment`, or None."""
        local_day = moment.astimezone(self.zone).date()
        for start_day in (local_day - timedelta(days=1), local_day):
            end_day = start_day + timedelta(days=1) if self.end <= self.start else start_day
            start = self._instant(start_day, self.start)
            end = self._instant(end_day, self.end)
            if start <= moment < end:
                return start, end
        return None


def wall_time_on(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The instant a wall clock in `zone` shows `wall` on `day`.

    A wall time in a spring-forward gap does not exist: zoneinfo reads it with the offset
    from before the change, which lands just after the gap; UTC normalises it.
    """
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def day_end(day: date, zone: ZoneInfo) -> datetime:
    """The end of a local day: the instant the next one begins (23, 24 or 25 hours on)."""
    return wall_time_on(day + timedelta(days=1), time(0), zone)


@dataclass(frozen=True)
class DailyTime:
    """A time of day on the user's clock, such as the digest time 09:00."""

    wall: time
    zone: ZoneInfo

    def on(self, day: date) -> datetime:
        return wall_time_on(day, self.wall, self.zone)

    def next_from(self, moment: datetime) -> datetime:
        """The first such instant at or after `moment`."""
        day = local_day(moment, self.zone)
        today = self.on(day)
        return today if today >= moment else self.on(day + timedelta(days=1))
