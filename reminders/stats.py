"""How well the user keeps their promises: reads for /api/stats/ (reads never write).

Per relationship of who called (an unknown number is "unknown"), over the last days:
- missed: the missed-call obligations opened — one per person, however often they rang
  before being called back (policy: several calls are one obligation, not several);
- called_back_in_window: of those, the ones done (called back, texted, e-mailed or marked
  done) by their deadline — the deadline a failed callback moved on, since the caller
  then knew you had tried;
- pending: of those, the ones still waiting with time left (open or snoozed before
  their deadline): neither kept nor broken yet;
- share: called_back_in_window / (missed - pending), None when nothing is decided yet;
- median_first_attempt_minutes: from the first call to the first try to reach them (an
  attempt, or a Done that says how), None when nobody was tried;
- overdue_now: open or snoozed obligations past their deadline now, whenever they began.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from django.db.models import Case, Count, F, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from accounts.users import User
from contacts.models import Relationship
from reminders.models import ACTIVE_STATES, CALL_KINDS, Reminder, Resolution

UNKNOWN = "unknown"
# The reminders that a missed call opened (rhythm and date reminders are not promises).
HANDLED = (Resolution.CALLED_BACK, Resolution.TEXTED, Resolution.EMAILED, Resolution.DONE)
# A Done that names the channel was a try to reach them, though no attempt was logged.
REACHING = (Resolution.CALLED_BACK, Resolution.TEXTED, Resolution.EMAILED)


@dataclass(frozen=True)
class Kept:
    missed: int = 0
    called_back_in_window: int = 0
    median_first_attempt_minutes: float | None = None
    overdue_now: int = 0
    pending: int = 0

    @property
    def share(self) -> float | None:
        # A callback whose window is still open counts neither way.
        decided = self.missed - self.pending
        return round(self.called_back_in_window / decided, 3) if decided else None


def _callbacks(owner: User) -> QuerySet[Reminder]:
    return Reminder.objects.filter(owner=owner, kind__in=CALL_KINDS).order_by()


# Who called: the contact's relationship, or an unknown number.
WHO = Coalesce(F("contact__relationship"), Value(UNKNOWN))
# When each reminder's first try happened: its first attempt, or the Done that said how
# they were reached when that came first (or no attempt was logged).
FIRST_TRY = Case(
    When(
        Q(resolution__in=REACHING)
        & (Q(first_attempt__isnull=True) | Q(first_attempt__gt=F("resolved_at"))),
        then=F("resolved_at"),
    ),
    default=F("first_attempt"),
)


def _minutes(first_call: datetime, first_try: datetime) -> float:
    return max((first_try - first_call).total_seconds() / 60, 0.0)


def kept_promises(*, owner: User, since: datetime, now: datetime) -> dict[str, Kept]:
    """Every relationship's numbers (all of them, "unknown" last), and "total"."""
    opened = _callbacks(owner).filter(first_call_at__gte=since)
    counts = {
        row["caller"]: row
        for row in opened.annotate(caller=WHO)
        .values("caller")
        .annotate(
            missed=Count("pk"),
            kept=Count(
                "pk",
                filter=Q(resolution__in=HANDLED, resolved_at__lte=F("deadline")),
            ),
            pending=Count("pk", filter=Q(state__in=ACTIVE_STATES, deadline__gt=now)),
        )
    }
    overdue = dict(
        _callbacks(owner)
        .filter(state__in=ACTIVE_STATES, deadline__lte=now)
        .annotate(caller=WHO)
        .values("caller")
        .annotate(n=Count("pk"))
        .values_list("caller", "n")
    )
    waits: dict[str, list[float]] = defaultdict(list)
    tried = (
        opened.annotate(caller=WHO, first_attempt=Min("attempts__at"))
        .annotate(first_try=FIRST_TRY)
        .filter(first_try__isnull=False)
        .values_list("caller", "first_call_at", "first_try")
    )
    for who, first_call, first_try in tried:
        if first_call is not None:  # always, for a call's reminder
            waits[who].append(_minutes(first_call, first_try))

    kept = {}
    for who in [*Relationship.values, UNKNOWN]:
        row = counts.get(who, {})
        kept[who] = Kept(
            missed=row.get("missed", 0),
            called_back_in_window=row.get("kept", 0),
            median_first_attempt_minutes=_median(waits[who]),
            overdue_now=overdue.get(who, 0),
            pending=row.get("pending", 0),
        )
    kept["total"] = Kept(
        missed=sum(k.missed for k in kept.values()),
        called_back_in_window=sum(k.called_back_in_window for k in kept.values()),
        median_first_attempt_minutes=_median([w for group in waits.values() for w in group]),
        overdue_now=sum(k.overdue_now for k in kept.values()),
        pending=sum(k.pending for k in kept.values()),
    )
    return kept


def _median(minutes: list[float]) -> float | None:
    return round(median(minutes), 1) if minutes else None
