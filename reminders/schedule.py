"""When the next push of a reminder goes out: the policy's steps, bent around quiet hours.

Pure functions over aware datetimes. Quiet hours are wall-clock times in the user's zone
("22:00 to 07:00"), so each night's quiet period is found from the local dates around a
moment and converted to instants; across a DST change a night is an hour longer or
shorter, and a quiet boundary that falls into a skipped hour means the first instant
after the gap.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from reminders.policy import Plan, Step, StepKind

# Steps of one plan in the order they go out; a sent step is followed by a later one.
STEP_ORDER = (
    StepKind.PROMPT,
    StepKind.IDENTIFY,
    StepKind.APOLOGY,
    StepKind.NUDGE,
    StepKind.RETRY,
    StepKind.FINAL,
    StepKind.OVERDUE,
)
# A final warning moved out of the night goes this long before the quiet hours begin.
BEFORE_QUIET = timedelta(minutes=15)


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


def outside_quiet_hours(
    step: Step, *, deadline: datetime, quiet: QuietHours | None, now: datetime
) -> Step:
    """Move a step out of the user's quiet hours.

    It waits until the quiet hours end, unless the deadline falls inside them: then the
    final warning goes before they begin (if that is still to come).
    """
    if quiet is None:
        return step
    period = quiet.period_around(step.at)
    if period is None:
        return step
    start, end = period
    if step.kind != StepKind.OVERDUE and start <= deadline < end:
        warn_at = max(start - BEFORE_QUIET, now)
        # Short gaps between two quiet periods can leave no moment before this one.
        if warn_at < start and quiet.period_around(warn_at) is None:
            return Step(StepKind.FINAL, warn_at)
    return Step(step.kind, end)


def following_step(plan: Plan, *, sent: str, now: datetime) -> Step | None:
    """The step after `sent`: the latest one already due (a late worker skips the steps
    overtaken by later ones), else the next one to come, else None."""
    rank = STEP_ORDER.index(StepKind(sent))
    later = [step for step in plan.steps if STEP_ORDER.index(step.kind) > rank]
    due = [step for step in later if step.at <= now]
    if due:
        return Step(due[-1].kind, now)
    return later[0] if later else None
