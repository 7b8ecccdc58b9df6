"""The benchmark's push service, in a process of its own: it measures the senders, not
itself.

An aiohttp server on 127.0.0.1 that answers 201 after the configured latency, counts
every push by its Topic and endpoint (loss and duplicates) and verifies the VAPID token
and decrypts a sample (every `verify_every`-th push: 1 for all of them), like the tests'
receiver does for every push. A push without a Topic (django-webpush sends none) is
always verified: its payload says which reminder it is.
"""

import asyncio
import json
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass

import http_ece
import psutil
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import ec

from tests.push_receiver import PORTS, Subscription, VapidError, b64url, verify_vapid

TOPIC_PREFIX = "reminder-"


@dataclass(frozen=True)
class Arrival:
    subscription_id: str
    reminder_id: int
    at: float  # time.monotonic(), one clock for every process on this machine
    verified: bool


class _Service:
    def __init__(self, latency: float, vapid_public_key: str) -> None:
        self.latency = latency
        self.vapid_public_key = vapid_public_key
        self.origin = ""
        self.verify_every = 1
        self.subscriptions: dict[str, Subscription] = {}
        self.arrivals: list[Arrival] = []
        self.rejected: list[str] = []
        self.seen = 0
        self.lock = threading.Lock()

    def _verify(self, request: web.Request, body: bytes, subscription: Subscription) -> dict:
        headers = request.headers
        verify_vapid(
            headers.get("Authorization", ""),
            audience=self.origin,
            public_key=self.vapid_public_key,
        )
        plaintext = http_ece.decrypt(
            body,
            private_key=subscription.private_key,
            auth_secret=subscription.auth_secret,
            version="aes128gcm",
        )
        payload: dict = json.loads(plaintext)
        return payload

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        sub_id = request.match_info["sub_id"]
        subscription = self.subscriptions.get(sub_id)
        if subscription is None:
            return web.Response(status=404)
        if self.latency:
            await asyncio.sleep(self.latency)
        topic = request.headers.get("Topic", "")
        with self.lock:
            self.seen += 1
            verify = not topic or self.seen % self.verify_every == 0
        try:
            if request.headers.get("Content-Encoding") != "aes128gcm" or not request.headers.get(
                "TTL"
            ):
                raise VapidError("missing Content-Encoding: aes128gcm or TTL")
            reminder_id = int(topic.removeprefix(TOPIC_PREFIX)) if topic else 0
            if verify:
                payload = self._verify(request, body, subscription)
                if topic and payload["reminder_id"] != reminder_id:
                    raise VapidError(f"payload of {payload['reminder_id']} under {topic}")
                reminder_id = int(payload["reminder_id"])
        except (VapidError, ValueError, KeyError) as error:
            with self.lock:
                self.rejected.append(f"{sub_id}: {error!r}")
            return web.Response(status=400)
        with self.lock:
            self.arrivals.append(Arrival(sub_id, reminder_id, time.monotonic(), verify))
        return web.Response(status=201)

    def subscribe(self, count: int) -> list[tuple[str, str, str, str]]:
        made = []
        for _ in range(count):
            sub_id = b64url(os.urandom(12))
            subscription = Subscription(
                id=sub_id,
                endpoint=f"{self.origin}/push/{sub_id}",
                private_key=ec.generate_private_key(ec.SECP256R1()),
                auth_secret=os.urandom(16),
            )
            self.subscriptions[sub_id] = subscription
            made.append((sub_id, subscription.endpoint, subscription.p256dh, subscription.auth))
        return made


async def _start(service: _Service) -> web.AppRunner:
    app = web.Application()
    app.router.add_post("/push/{sub_id}", service.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for port in PORTS:
        site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
        try:
            await site.start()
        except OSError:
            continue
        service.origin = f"http://127.0.0.1:{port}"
        return runner
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _serve(conn, latency: float, vapid_public_key: str) -> None:
    service = _Service(latency, vapid_public_key)
    loop = asyncio.new_event_loop()
    runner = loop.run_until_complete(_start(service))
    conn.send(service.origin)

    def commands() -> None:
        while True:
            command, argument = conn.recv()
            if command == "subscribe":
                conn.send(service.subscribe(argument))
            elif command == "verify_every":
                service.verify_every = argument
                conn.send(None)
            elif command == "count":
                conn.send(len(service.arrivals))
            elif command == "collect":
                with service.lock:
                    arrivals, rejected = service.arrivals, service.rejected
                    service.arrivals, service.rejected, service.seen = [], [], 0
                conn.send((arrivals, rejected))
            elif command == "stop":
                conn.send(None)
                loop.call_soon_threadsafe(loop.stop)
                return

    threading.Thread(target=commands, daemon=True).start()
    loop.run_forever()
    loop.run_until_complete(runner.cleanup())


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

    def verify_every(self, every: int) -> None:
        """Verify and decrypt every `every`-th push from now on (1: all)."""
        self._ask("verify_every", every)

    def count(self) -> int:
        return self._ask("count")

    def collect(self) -> tuple[list[Arrival], list[str]]:
        """Everything delivered and rejected since the last collect."""
        return self._ask("collect")

    def cpu_seconds(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system
