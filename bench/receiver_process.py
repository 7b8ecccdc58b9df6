"""The tests' push receiver in a process of its own, so that its CPU (it verifies every
VAPID token and decrypts every message, like a push service) is measured apart from
the senders' and does not share their interpreter lock."""

import multiprocessing
from dataclasses import dataclass

import psutil

from tests.push_receiver import PushReceiver


@dataclass(frozen=True)
class Arrival:
    subscription_id: str
    reminder_id: int
    at: float  # time.monotonic(), one clock for every process on this machine


def _serve(conn, latency: float, vapid_public_key: str) -> None:
    with PushReceiver(latency=latency, vapid_public_key=vapid_public_key) as receiver:
        conn.send(receiver.origin)
        while True:
            command, argument = conn.recv()
            if command == "subscribe":
                subscriptions = [receiver.subscribe() for _ in range(argument)]
                conn.send([(s.id, s.endpoint, s.p256dh, s.auth) for s in subscriptions])
            elif command == "count":
                conn.send(len(receiver.delivered()))
            elif command == "collect":
                conn.send(
                    (
                        [
                            Arrival(r.subscription_id, r.payload["reminder_id"], r.at)
                            for r in receiver.delivered()
                        ],
                        list(receiver.rejected),
                    )
                )
                with receiver._lock:
                    receiver.received.clear()
                    receiver.rejected.clear()
            elif command == "stop":
                conn.send(None)
                return


class ReceiverProcess:
    def __init__(self, *, latency: float, vapid_public_key: str) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, latency, vapid_public_key), daemon=True
        )

    def __enter__(self) -> "ReceiverProcess":
        self._process.start()
        self.origin: str = self._conn.recv()
        self.ps = psutil.Process(self._process.pid)
        return self

    def __exit__(self, *exc) -> None:
        self._ask("stop")
        self._process.join(10)

    def _ask(self, command: str, argument=None):
        self._conn.send((command, argument))
        return self._conn.recv()

    def subscribe(self, count: int) -> list[tuple[str, str, str, str]]:
        """(id, endpoint, p256dh, auth) of `count` new browser subscriptions."""
        return self._ask("subscribe", count)

    def count(self) -> int:
        return self._ask("count")

    def collect(self) -> tuple[list[Arrival], list[str]]:
        """Everything delivered and rejected since the last collect."""
        return self._ask("collect")

    def cpu_seconds(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system
