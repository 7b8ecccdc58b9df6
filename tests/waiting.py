"""Waiting for what another thread or process does, on a machine whose cores are busy.

Tests wait for an event (a row, a log line, a push), never for an amount of time: the
deadline here only ends a broken run, and a passing run never comes near it.
"""

import time
from collections.abc import Callable

PATIENCE = 180.0


def eventually(condition: Callable[[], bool], *, every: float = 0.1) -> bool:
    """Whether `condition` became true before the patience ran out."""
    give_up = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > give_up:
            return False
        time.sleep(every)
    return True
