"""THE rule book: how long a return call stays polite, and when, how and what to remind.

Pure functions, no database. From who called (the relationship, or nobody known), the
user's and the contact's overrides, the failed callbacks so far and the user's quiet
hours, it gives the window, the reminder steps and where they fall, the channel to
propose, how urgent a push is, and when the user is free to talk again. The push
(reminders.dispatch) and the API (reminders.api) both ask here, so they cannot disagree.

It also speaks first, for the relationship rhythm: keep in touch, birthdays and other
days, the day after a date. Those reminders go out at the user's digest time of day.

Times are absolute instants; a window of 24 hours is 24 elapsed hours, whatever the wall
clock does at a DST change in between.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from contacts.models import Relationship
from contacts.times import CLOCK_SKEW
from reminders.schedule import DailyTime, QuietHours, as_utc, day_end, local_day


class StepKind(StrEnum):
    PROMPT = "prompt"
    NUDGE = "nudge"
    FINAL = "final"
    OVERDUE = "overdue"
    IDENTIFY = "identify"
    APOLOGY = "apology"
    RETRY = "retry"


class Proposal(StrEnum):
    """What the etiquette says to do now."""

    CALL = "call"
    TEXT = "text"
    EMAIL = "email"


BUSINESS = frozenset({Relationship.WORK, Relationship.CLIENT})

DEFAULT_WINDOWS: Mapping[str, timedelta] = {
    Relationship.WORK: timedelta(hours=1),
    Relationship.CLIENT: timedelta(hours=1),
    Relationship.FAMILY: timedelta(hours=24),
    Relationship.FRIEND: timedelta(hours=24),
    Relationship.PARTNER: timedelta(hours=24),
    Relationship.DATE: timedelta(hours=24),
    Relationship.OTHER: timedelta(hours=24),
}
UNKNOWN_WINDOW = timedelta(hours=24)

BUSINESS_NUDGE_AFTER = timedelta(minutes=15)
BUSINESS_FINAL_BEFORE = timedelta(minutes=10)
PERSONAL_FINAL_BEFORE = timedelta(hours=2)
BUSINESS_RETRY_AFTER = timedelta(minutes=30)
PERSONAL_RETRY_AFTER = timedelta(hours=3)
# A retry at the time the user is free is due this long before it counts as overdue.
AFTER_FREE_FROM = timedelta(hours=1)

# After this many unanswered callbacks, stop proposing to call: text instead; after
# EMAIL_AFTER_FAILED, e-mail when there is an address (a text may have gone unseen).
TEXT_AFTER_FAILED = 2
EMAIL_AFTER_FAILED = 3

# A call or an attempt further back than this is refused: it lies beyond the longest
# callback window (14 days) and the week an overdue reminder stays listed, so it could
# only open a reminder long expired — most likely a wrong date (year 1, 1900, a typo).
OLDEST_CALL = timedelta(days=30)

# Undo of a Done (or a dismiss): long enough to change one's mind after a tap, short
# enough that what the undo takes back (the touch the Done recorded, the quiet after it)
# cannot have been acted on; later, a new call opens a new reminder instead.
REOPEN_WINDOW = timedelta(seconds=30)

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
class Step:
    kind: StepKind
    at: datetime


@dataclass(frozen=True)
class Plan:
    window: timedelta
    deadline: datetime
    steps: tuple[Step, ...]

    def next_step(self, after: datetime) -> Step | None:
        """The first step due at or after `after`, or None when all have passed."""
        return next((step for step in self.steps if step.at >= after), None)

    def step_at(self, kind: StepKind) -> datetime | None:
        return next((step.at for step in self.steps if step.kind == kind), None)


def window_for(
    relationship: str | None,
    *,
    user_windows: Mapping[str, timedelta] | None = None,
    contact_window: timedelta | None = None,
) -> timedelta:
    """The contact's own window wins over the user's per-relationship one over ours."""
    if relationship is None:
        return UNKNOWN_WINDOW
    if contact_window is not None:
        return contact_window
    if user_windows and relationship in user_windows:
        return user_windows[relationship]
    return DEFAULT_WINDOWS[Relationship(relationship)]


def plan_callback(
    called_at: datetime,
    relationship: str | None,
    *,
    user_windows: Mapping[str, timedelta] | None = None,
    contact_window: timedelta | None = None,
) -> Plan:
    """The window and the reminder steps for a missed call at `called_at`.

    relationship None means an unknown number: a single prompt to text and ask who it was.
    """
    called_at = as_utc(called_at)
    window = window_for(relationship, user_windows=user_windows, contact_window=contact_window)
    deadline = called_at + window
    if relationship is None:
        return Plan(window, deadline, (Step(StepKind.IDENTIFY, called_at),))

    if relationship in BUSINESS:
        nudge = BUSINESS_NUDGE_AFTER
        final = window - BUSINESS_FINAL_BEFORE
    else:
        nudge = window / 2
        final = window - PERSONAL_FINAL_BEFORE

    offsets = [(StepKind.PROMPT, timedelta(0))]
    # A short custom window leaves no room for every step: the final warning matters
    # more than the nudge, and a step must fall strictly between the ones around it.
    if timedelta(0) < final < window:
        if timedelta(0) < nudge < final:
            offsets.append((StepKind.NUDGE, nudge))
        offsets.append((StepKind.FINAL, final))
    elif timedelta(0) < nudge < window:
        offsets.append((StepKind.NUDGE, nudge))
    offsets.append((StepKind.OVERDUE, window))
    return Plan(window, deadline, tuple(Step(kind, called_at + off) for kind, off in offsets))


def plan_follow_up(
    failed_at: datetime,
    relationship: str | None,
    *,
    user_windows: Mapping[str, timedelta] | None = None,
    contact_window: timedelta | None = None,
    free_from: datetime | None = None,
) -> Plan:
    """After a callback nobody answered: text an apology at once, then try again.

    The failed attempt starts a fresh window: the caller now knows you tried. When the
    user said when they are free, the retry is then (the apology names that time), and a
    window that would close before it stays open until AFTER_FREE_FROM past it.
    """
    failed_at = as_utc(failed_at)
    window = window_for(relationship, user_windows=user_windows, contact_window=contact_window)
    if free_from is None:
        retry = BUSINESS_RETRY_AFTER if relationship in BUSINESS else PERSONAL_RETRY_AFTER
        retry_at = failed_at + min(retry, window / 2)
        deadline = failed_at + window
    else:
        retry_at = max(as_utc(free_from), failed_at)
        deadline = max(failed_at + window, retry_at + AFTER_FREE_FROM)
    return Plan(
        deadline - failed_at,
        deadline,
        (
            Step(StepKind.APOLOGY, failed_at),
            Step(StepKind.RETRY, retry_at),
            Step(StepKind.OVERDUE, deadline),
        ),
    )


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


def first_step(plan: Plan, *, now: datetime, skip_prompt: bool = False) -> Step | None:
    """The step a new (or renewed) plan starts with: the first still to come, at once if
    it is due; an OVERDUE now when the window closed before it was logged; None when no
    step is left before an open deadline."""
    upcoming = [
        step
        for step in plan.steps
        if step.at >= now - CLOCK_SKEW and not (skip_prompt and step.kind == StepKind.PROMPT)
    ]
    if upcoming:
        return Step(upcoming[0].kind, max(upcoming[0].at, now))
    if plan.deadline > now:
        return None
    # Logged after its window closed: say it is overdue, once.
    return Step(StepKind.OVERDUE, now)


def following_step(plan: Plan, *, sent: str, now: datetime) -> Step | None:
    """The step after `sent`: the latest one already due (a late worker skips the steps
    overtaken by later ones), else the next one to come, else None."""
    rank = STEP_ORDER.index(StepKind(sent))
    later = [step for step in plan.steps if STEP_ORDER.index(step.kind) > rank]
    due = [step for step in later if step.at <= now]
    if due:
        return Step(due[-1].kind, now)
    return later[0] if later else None


def step_to_show(stored: Step | None, after_it: Step | None, *, now: datetime) -> Step | None:
    """The next step every screen names: the stored one while it is still to come; once
    it is due its push is going out now, so the one after it (`after_it`, what the
    dispatcher will store next). A screen never names a time already past."""
    if stored is not None and stored.at > now:
        return stored
    if stored is not None and after_it is not None and after_it.at > now:
        return after_it
    return None


def snooze_step(*, current: str, until: datetime, deadline: datetime) -> StepKind:
    """What to push when a snooze ends: the user chose the moment, so quiet hours do not
    move it; past the deadline it is overdue, and a first prompt becomes a nudge."""
    if until >= deadline:
        return StepKind.OVERDUE
    if not current or current == StepKind.PROMPT:
        return StepKind.NUDGE
    return StepKind(current)


def is_business(relationship: str | None) -> bool:
    return relationship in BUSINESS


def is_formal(*, relationship: str | None, formal: bool | None) -> bool:
    """The register to write in: the contact's own choice, else formal to work and clients
    (German: Sie to a client, du to a friend)."""
    return formal if formal is not None else is_business(relationship)


def greeting_for(*, relationship: str | None, name: str, greeting: str) -> str:
    """How a text addresses them: the contact's own greeting, else the first name of
    someone close; a business gets none rather than its full name ("Kai (boss)")."""
    if greeting.strip():
        return greeting.strip()
    if is_business(relationship) or not name.strip():
        return ""
    return name.split()[0]


def proposal(*, identify: bool, failed_calls: int, has_number: bool, has_email: bool) -> Proposal:
    """The channel to propose now: call, until calls keep failing; then a text, then an
    e-mail when there is an address. An unknown number gets a text asking who it was."""
    if failed_calls >= EMAIL_AFTER_FAILED and has_email:
        return Proposal.EMAIL
    if identify or failed_calls >= TEXT_AFTER_FAILED:
        return Proposal.TEXT if has_number else Proposal.EMAIL
    return Proposal.CALL if has_number else Proposal.EMAIL


def action_channels(
    *, identify: bool, failed_calls: int, has_number: bool, has_email: bool
) -> list[Proposal]:
    """The (at most two, what a notification can show) actions offered, in order: the call
    first when there is a number, then the written channel the etiquette proposes."""
    written = proposal(
        identify=True, failed_calls=failed_calls, has_number=has_number, has_email=has_email
    )
    channels = [Proposal.CALL] if has_number else []
    if written == Proposal.TEXT or (written == Proposal.EMAIL and has_email):
        channels.append(written)
    return channels


def urgency(*, relationship: str | None, step: str, rhythm: bool = False) -> str:
    """The push's Urgency: business callbacks and overdue ones wake the phone; the
    rhythm's reminders (keep in touch, birthdays) never need to."""
    if rhythm:
        return "normal"
    return "high" if is_business(relationship) or step == StepKind.OVERDUE else "normal"


def require_interaction(*, relationship: str | None, step: str, rhythm: bool = False) -> bool:
    """Whether the notification stays until the user acts on it: a callback that is
    urgent, never a keep-in-touch or a birthday."""
    if rhythm:
        return False
    return is_business(relationship) or step in (StepKind.FINAL, StepKind.OVERDUE)


def free_from(plan: Plan) -> datetime | None:
    """When, after a failed callback, the user says they are free: the retry's time."""
    return plan.step_at(StepKind.RETRY)


# The relationship rhythm. A keep-in-touch rhythm has an ideal period (the contact's or
# the relationship's days) and a maximum: due (yellow) when the period has passed, late
# (red) after a grace of half the period more — a friend seen monthly is "late" after
# six weeks, family seen fortnightly after three — but at least a day and at most a
# month, so that a yearly rhythm does not wait half a year to turn red.
GRACE_SHARE = 0.5
MIN_GRACE = timedelta(days=1)
MAX_GRACE = timedelta(days=30)


class RhythmLevel(StrEnum):
    DUE = "due"
    LATE = "late"


def keep_in_touch_grace(days: int) -> timedelta:
    return min(max(timedelta(days=days) * GRACE_SHARE, MIN_GRACE), MAX_GRACE)


def rhythm_level(*, late_from: datetime, now: datetime) -> RhythmLevel:
    return RhythmLevel.LATE if now >= late_from else RhythmLevel.DUE


def outside_quiet(at: datetime, quiet: QuietHours | None) -> datetime:
    """A rhythm reminder never wakes anyone: inside quiet hours it waits for their end."""
    period = quiet.period_around(at) if quiet is not None else None
    return period[1] if period is not None else at


def _rhythm_steps(
    steps: list[Step], *, deadline: datetime | None, quiet: QuietHours | None
) -> tuple[Step, ...]:
    """Out of the quiet hours, in order, none after the deadline; a step overtaken by a
    later one at the same moment gives way to it."""
    placed: list[Step] = []
    for step in steps:
        moved = Step(step.kind, outside_quiet(step.at, quiet))
        if deadline is not None and moved.at >= deadline:
            continue
        if placed and placed[-1].at >= moved.at:
            placed.pop()
        placed.append(moved)
    return tuple(placed)


def keep_in_touch_late_from(*, due: datetime, days: int) -> datetime:
    return as_utc(due) + keep_in_touch_grace(days)


def plan_keep_in_touch(
    *,
    due: datetime,
    late_from: datetime,
    digest: DailyTime,
    quiet: QuietHours | None,
    now: datetime,
    their_zone: ZoneInfo | None = None,
) -> Plan:
    """A rhythm that has come due: a push at the next digest time, and when it turns late
    another at the digest time after that. It stays open until a touch or the user closes
    it; its deadline is the moment it turns late (red). A digest time in the night of a
    contact with a zone of their own (`their_zone`) moves to their morning."""
    due, late_from = as_utc(due), as_utc(late_from)
    steps = [
        outside_their_night(step, zone=their_zone, deadline=None)
        for step in (
            Step(StepKind.PROMPT, digest.next_from(max(due, now))),
            Step(StepKind.OVERDUE, digest.next_from(max(late_from, now))),
        )
    ]
    return Plan(late_from - due, late_from, _rhythm_steps(steps, deadline=None, quiet=quiet))


def plan_day(
    *,
    day: date,
    digest: DailyTime,
    quiet: QuietHours | None,
    now: datetime,
    their_zone: ZoneInfo | None = None,
) -> Plan:
    """A birthday (or the reminder days before it), or the day after a date: one push at
    the digest time of that day — or at once when that has passed and the day has not —
    and the reminder closes at the end of the local day. A push in the night of a contact
    with a zone of their own (`their_zone`) waits for their morning, if that comes before
    the user's day ends."""
    end = day_end(day, digest.zone)
    start = day_end(day - timedelta(days=1), digest.zone)
    first = Step(StepKind.PROMPT, max(digest.on(day), now))
    steps = [outside_their_night(first, zone=their_zone, deadline=end)]
    return Plan(end - start, end, _rhythm_steps(steps, deadline=end, quiet=quiet))


# A digest waits this long on a phone that is offline: the day's reminders are still
# worth seeing in the evening, not the next morning beside the next digest.
DIGEST_KEPT = timedelta(hours=12)


def after_date_day(date_at: datetime, zone: ZoneInfo) -> date:
    """Not calling back the next day reads as "not interested": that day is the one."""
    return local_day(date_at, zone) + timedelta(days=1)


def can_reopen(*, resolved_at: datetime, now: datetime) -> bool:
    """Whether a reminder closed at `resolved_at` may still be undone (REOPEN_WINDOW)."""
    return now - resolved_at <= REOPEN_WINDOW


@dataclass(frozen=True)
class Away:
    """The user's absence as the texts name it: the last day away (included) and how
    else to reach them ("" when they gave nothing)."""

    until: date
    contact: str

    @property
    def back(self) -> date:
        return self.until + timedelta(days=1)


def away_now(*, until: date | None, contact: str, today: date) -> Away | None:
    """Away from the moment it is set to the end of `until`, on the user's own calendar."""
    if until is None or today > until:
        return None
    return Away(until, contact.strip())


# While away, the first push about each call still goes out (and what the user asked for
# themselves: a retry at the time they said they are free); nudges, final warnings and
# overdue pushes do not. Why: someone travelling cannot call back within the windows, and
# every suggested text already tells the caller when they are back and how else to reach
# them — one push per caller lets them send it; repeating it every step would pile up
# dozens of pushes, and "overdue" would nag about windows the away message has answered.
# The reminders stay on the Today list (they expire a week after their deadline as ever),
# so the list, not a flood of pushes, is what is waiting on return.
PUSHED_WHILE_AWAY = frozenset(
    {StepKind.PROMPT, StepKind.IDENTIFY, StepKind.APOLOGY, StepKind.RETRY}
)


# The reminder kinds whose suggested text is about calling back (ReminderKind values):
# only those say that the user is away. A birthday wish, a keep-in-touch hello or the
# thank-you after a date stays what it is; "I'm away" would turn it into a notice.
AWAY_TEXT_KINDS = frozenset({"callback", "follow_up", "identify"})


def away_said_in_text(kind: str) -> bool:
    """Whether the suggested text of a reminder of this kind says the user is away."""
    return kind in AWAY_TEXT_KINDS


def away_contact_shared(*, known_caller: bool) -> bool:
    """Whether the text gives the user's other way to reach them (often a private
    address): to people in their contacts, not to a number nobody knows."""
    return known_caller


def pushed_while_away(kind: str) -> bool:
    """Whether a step is pushed while the user is away (PUSHED_WHILE_AWAY says why)."""
    return kind in PUSHED_WHILE_AWAY


def text_channel(*, contact_choice: str, default: str) -> str:
    """Where the Text action opens: the contact's own messenger, else the user's default
    (an empty choice is "as my default")."""
    return contact_choice or default


# Their night, on the contact's own clock: a call proposed then would wake them.
THEIR_NIGHT_START = time(22, 0)
THEIR_NIGHT_END = time(8, 0)
# The callback steps that ask the user to call now; the final warning and overdue keep
# their moment (the deadline does not move for their night).
CALL_NOW_STEPS = frozenset({StepKind.PROMPT, StepKind.NUDGE, StepKind.RETRY})


def their_night(zone: ZoneInfo) -> QuietHours:
    return QuietHours(THEIR_NIGHT_START, THEIR_NIGHT_END, zone)


def outside_their_night(step: Step, *, zone: ZoneInfo | None, deadline: datetime | None) -> Step:
    """A step that proposes to call a contact with a time zone of their own never falls in
    their night (22:00 to 08:00 on their clock): it moves to their morning — unless that is
    at or past `deadline` (a callback's window), where it stays: late is worse than early.
    `deadline` None: a keep-in-touch push, which moves whatever its kind."""
    if zone is None or (deadline is not None and step.kind not in CALL_NOW_STEPS):
        return step
    period = their_night(zone).period_around(step.at)
    if period is None or (deadline is not None and period[1] >= deadline):
        return step
    return Step(step.kind, period[1])
