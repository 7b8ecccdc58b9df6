"""Part 2, the dispatcher's scan: the same 1,000 due reminders among 10,000 and among
1,000,000 (most done, some open but not due yet); time to claim all of them."""

import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from bench.data import database_reset, users_create
from bench.report import Report, Row, median
from reminders.dispatch.claim import _due, reminders_dispatch
from reminders.models import Reminder

DUE = 1000
OWNERS = 100
NOT_YET_DUE_EVERY = 20  # one in 20 of the others is open with a step later on
REPEATS = 5
TARGET_GROWTH = 1.5

# Rows as the services leave them: done ones resolved, open ones with a next step.
INSERT = """
INSERT INTO reminders_reminder (
    owner_id, contact_id, number, kind, state, call_count, opened_at, first_call_at,
    last_call_at, deadline, next_step, next_step_at, snoozed_until, resolution, resolved_at,
    step_seq, claim_token, claimed_until, created_at, updated_at, notes)
SELECT
    %(first_owner)s + i %% %(owners)s, NULL, '+1555' || lpad(i::text, 8, '0'), 'callback',
    CASE WHEN i %% %(due_every)s = 0 OR i %% %(not_due_every)s = 1 THEN 'open' ELSE 'done' END,
    1, %(now)s - interval '2 days', %(now)s - interval '2 days', %(now)s - interval '2 days',
    %(now)s + interval '1 day',
    CASE WHEN i %% %(due_every)s = 0 OR i %% %(not_due_every)s = 1 THEN 'nudge' ELSE '' END,
    CASE
        WHEN i %% %(due_every)s = 0 THEN %(now)s - interval '1 minute'
        WHEN i %% %(not_due_every)s = 1 THEN %(now)s + interval '1 hour' + i * interval '1 second'
    END,
    NULL,
    CASE WHEN i %% %(due_every)s = 0 OR i %% %(not_due_every)s = 1 THEN '' ELSE 'called_back' END,
    CASE WHEN i %% %(due_every)s = 0 OR i %% %(not_due_every)s = 1 THEN NULL
         ELSE %(now)s - interval '1 day' END,
    1, '', NULL, %(now)s, %(now)s, ''
FROM generate_series(1, %(total)s) AS i
"""


def _populate(total: int, now) -> None:
    database_reset()
    users = users_create(OWNERS)
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT,
            {
                "first_owner": min(u.pk for u in users),
                "owners": OWNERS,
                "due_every": total // DUE,
                "not_due_every": NOT_YET_DUE_EVERY,
                "now": now,
                "total": total,
            },
        )
        cursor.execute("VACUUM ANALYZE reminders_reminder")


def _plan(now) -> str:
    # The dispatcher's own query (dispatch._due), as reminders_claim_due runs it.
    with transaction.atomic():
        query = (
            _due(now)
            .order_by("next_step_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:50]
        )
        return query.explain(analyze=True, buffers=True)


def _claim_all(now) -> tuple[float, int]:
    started = time.perf_counter()
    claimed = reminders_dispatch(enqueue=lambda ids, token: None, now=now)
    took = time.perf_counter() - started
    Reminder.objects.filter(claimed_until__isnull=False).update(claim_token="", claimed_until=None)
    return took, claimed


def run(report: Report, *, sizes: list[int]) -> None:
    part = "2 scan"
    timings: dict[int, float] = {}
    for total in sizes:
        now = timezone.now()
        started = time.monotonic()
        _populate(total, now)
        filled = time.monotonic() - started
        due = _due(now + timedelta(seconds=1)).count()
        plan = _plan(now + timedelta(seconds=1))
        runs = [_claim_all(now + timedelta(seconds=1)) for _ in range(REPEATS)]
        if any(claimed != due for _, claimed in runs) or due != DUE:
            raise RuntimeError(f"claimed {[c for _, c in runs]} of {due} due")
        timings[total] = median([took for took, _ in runs])
        report.add(
            Row(part, f"{total:,} reminders ({due:,} due; filled in {filled:.0f} s): "
                "claim all due, median of 5", f"{timings[total] * 1000:.1f} ms"),
        )  # fmt: skip
        report.note(f"Part 2: plan of one claim among {total:,} reminders", plan)
    database_reset()
    if len(timings) >= 2:
        small, large = min(timings), max(timings)
        growth = timings[large] / timings[small]
        report.add(
            Row(part, f"claim time {large:,} / {small:,}", f"{growth:.2f}×",
                f"≤ {TARGET_GROWTH}×", growth <= TARGET_GROWTH)
        )  # fmt: skip
