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
        local = datetime.combine(day, wall, tzinfo=self.zone)
        # A wall time in a spring-forward gap does not exist: zoneinfo reads it with the
        # offset from before the change, which lands just after the gap. Normalise it.
        return local.astimezone(UTC)

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
