"""The one way Ringback sends pushes: many messages at once, each outcome recorded before
its place is given to the next message.

Encryption and VAPID are push.encryption, one POST and its answer push.posting; this
module is the fan-out. It never touches the database: the caller records the outcomes.

The crash guarantee, made here (and tested in tests/push/test_transport.py): at any
moment at most PUSH_CONCURRENCY pushes have gone out whose outcome the caller has not
recorded, so a worker killed at any moment sends at most that many twice when its batch
is redone. How: one event loop, run by the caller's own thread in steps. A step runs the
loop until a group of outcomes is ready; then the loop stands still while the caller
records the group (no loop is running, so Django may use the database), and only after
that are the group's places (a semaphore's slots) freed for the messages still waiting.
Nothing crosses threads.
"""

import asyncio
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from django.conf import settings

from push.messages import Message, Outcome
from push.posting import Sessions, post

K = TypeVar("K")

# Outcomes arriving this close together are recorded together (one transaction).
GROUP_WINDOW = timedelta(milliseconds=100)

Record = Callable[[list[tuple[K, Outcome]]], None]
Keep = Callable[[list[K]], Collection[K]]


@dataclass
class _Report(Generic[K]):
    """What became of one message: its outcome, or None if it was skipped unsent."""

    key: K
    outcome: Outcome | None
    # Set once the outcome is recorded: only then is the message's slot free.
    recorded: "asyncio.Future[None] | None" = None


class _FanOut(Generic[K]):
    def __init__(self, count: int, concurrency: int) -> None:
        self.concurrency = concurrency
        self.sessions = Sessions(concurrency)
        self.slots = asyncio.Semaphore(concurrency)
        self.reports: asyncio.Queue[_Report[K]] = asyncio.Queue()
        # Every message reports exactly once; this many have not yet.
        self.unreported = count
        self.started: set[K] = set()
        self.dropped: set[K] = set()

    async def send(self, key: K, message: Message) -> None:
        async with self.slots:
            if key in self.dropped:
                self.reports.put_nowait(_Report(key, None))
                return
            self.started.add(key)
            outcome = await post(self.sessions, message)
            recorded = asyncio.get_running_loop().create_future()
            self.reports.put_nowait(_Report(key, outcome, recorded))
            await recorded

    async def _take(self, timeout: float | None) -> _Report[K] | None:
        if self.reports.empty() and timeout is not None:
            if timeout <= 0:
                return None
            try:
                report = await asyncio.wait_for(self.reports.get(), timeout)
            except TimeoutError:
                return None
        else:
            report = await self.reports.get()
        self.unreported -= 1
        return report

    async def next_group(self) -> list[_Report[K]]:
        """The first outcome to come and those that follow within GROUP_WINDOW; [] once
        every message was sent or skipped."""
        loop = asyncio.get_running_loop()
        group: list[_Report[K]] = []
        while self.unreported and not group:
            report = await self._take(None)
            if report is not None and report.outcome is not None:
                group.append(report)
        until = loop.time() + GROUP_WINDOW.total_seconds()
        # A slot holds one unrecorded outcome at most: with every slot's outcome in the
        # group, nothing more can come before the group is recorded.
        while group and self.unreported and len(group) < self.concurrency:
            report = await self._take(until - loop.time())
            if report is None:
                break
            if report.outcome is not None:
                group.append(report)
        return group


async def _stop(tasks: list["asyncio.Task[None]"], sessions: Sessions) -> None:
    # Whatever has not gone out by now never does; a request in flight is abandoned.
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await sessions.close()


def send_all(
    messages: Iterable[tuple[K, Message]], *, record: Record[K], keep: Keep[K] | None = None
) -> None:
    """Send concurrently (at most PUSH_CONCURRENCY in flight) and hand the outcomes to
    `record` in groups as they arrive: a slow or hanging push service delays nobody
    else's push. `record` runs with the loop stopped, and a group's slots are freed only
    when it returns (the crash guarantee above); if it raises, nothing more is sent.
    Before more go out, `keep` is asked which of the messages not sent yet should still
    go."""
    jobs = list(messages)
    if not jobs:
        return
    keys = [key for key, _ in jobs]
    loop = asyncio.new_event_loop()
    fan_out: _FanOut[K] = _FanOut(len(jobs), max(1, min(len(jobs), settings.PUSH_CONCURRENCY)))
    tasks = [loop.create_task(fan_out.send(key, message)) for key, message in jobs]
    try:
        while group := loop.run_until_complete(fan_out.next_group()):
            record([(report.key, report.outcome) for report in group if report.outcome])
            for report in group:
                if report.recorded is not None:
                    report.recorded.set_result(None)
            waiting = [k for k in keys if k not in fan_out.started and k not in fan_out.dropped]
            if keep is not None and waiting:
                kept = set(keep(waiting))
                fan_out.dropped.update(key for key in waiting if key not in kept)
    finally:
        loop.run_until_complete(_stop(tasks, fan_out.sessions))
        loop.close()


def send(message: Message) -> Outcome:
    """One message, on its own."""
    outcomes: list[Outcome] = []
    send_all([(0, message)], record=lambda group: outcomes.extend(o for _, o in group))
    return outcomes[0]
