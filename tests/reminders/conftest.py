import pytest

from reminders.dispatch.claim import reminders_dispatch
from reminders.dispatch.deliver import reminders_deliver


@pytest.fixture
def dispatch():
    """One dispatcher run with its batches delivered in this process, at `now`."""

    def run(now=None) -> int:
        batches = []
        claimed = reminders_dispatch(
            enqueue=lambda ids, token: batches.append((ids, token)), now=now
        )
        for ids, token in batches:
            reminders_deliver(reminder_ids=ids, token=token, now=now)
        return claimed

    return run
