"""The fake push service of the tests and of the benchmark: one implementation, on
127.0.0.1, doing what FCM or Mozilla's would.

It hands out subscriptions (a P-256 key pair and an auth secret, like a browser's),
accepts the POSTs (aiohttp, keep-alive), checks the VAPID JWT (ES256 signature, aud = its
origin, exp within 24 h, a sub), decrypts every aes128gcm body with the subscription's
private key, and records the headers and the decrypted payload. Per subscription it can
be told to answer 404/410/413/429 (with Retry-After)/500 or to hang; every answer can be
delayed. A test can hold requests unanswered until it says (`hold`): then the test, not
the clock of a busy machine, decides what happens first.

Tests run it in a thread of this process (PushReceiver); the benchmark in a process of
its own (ReceiverProcess), so that it measures the senders, not the service.
"""

import asyncio
import base64
import json
import multiprocessing
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace

import http_ece
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tests.waiting import PATIENCE


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys() -> tuple[str, str]:
    """A fresh (p256dh, auth) pair as a browser's PushSubscription.toJSON() gives it."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url(point), b64url(os.urandom(16))


@dataclass
class Subscription:
    id: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self) -> dict:
        """What the browser's PushSubscription.toJSON() gives."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class Received:
    subscription_id: str
    status: int
    headers: dict[str, str]
    payload: dict | None
    claims: dict
    at: float


@dataclass
class _Script:
    answers: deque = field(default_factory=deque)  # (status, retry_after, body)
    hang_seconds: float = 0.0


class Hold:
    """Requests the receiver has read in full but keeps unanswered until `release()`
    (then answered as usual) or `drop()` (then closed unanswered, as a hung service)."""

    def __init__(self, subscription_id: str | None, first: int | None) -> None:
        self.subscription_id = subscription_id
        self._left = first
        self._arrived = threading.Condition()
        self._count = 0
        self._dropped = False
        self._over = threading.Event()
        self._waiting: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    def _takes(self, subscription_id: str) -> bool:
        """Whether this hold keeps that request (called under the receiver's lock)."""
        if self._over.is_set() or self.subscription_id not in (None, subscription_id):
            return False
        if self._left is not None:
            if self._left == 0:
                return False
            self._left -= 1
        return True

    async def _keep(self) -> bool:
        """Until the test decides; True: answer the request."""
        decided = asyncio.Event()
        with self._arrived:
            self._waiting.append((asyncio.get_running_loop(), decided))
            self._count += 1
            self._arrived.notify_all()
            if self._over.is_set():
                decided.set()
        try:
            await asyncio.wait_for(decided.wait(), PATIENCE)
        except TimeoutError:
            return False
        return not self._dropped

    def wait(self, count: int = 1) -> bool:
        """Until `count` requests are held (False only if they never come)."""
        with self._arrived:
            return self._arrived.wait_for(lambda: self._count >= count, PATIENCE)

    def _decide(self, *, dropped: bool) -> None:
        with self._arrived:
            self._dropped = dropped
            self._over.set()
            for loop, decided in self._waiting:
                if not loop.is_closed():
                    loop.call_soon_threadsafe(decided.set)

    def release(self) -> None:
        self._decide(dropped=False)

    def drop(self) -> None:
        self._decide(dropped=True)


class VapidError(Exception):
    pass


def verify_vapid(authorization: str, *, audience: str, public_key: str | None) -> dict:
    """The claims of a valid `vapid t=…, k=…` header; raises VapidError otherwise."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError(f"scheme {scheme!r}")
    values = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part)
    token, key = values.get("t", ""), values.get("k", "")
    if public_key is not None and key != public_key:
        raise VapidError("k is not the application server key")
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        signature = b64url_decode(signature_b64)
        verifier = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        verifier.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        header = json.loads(b64url_decode(header_b64))
        claims = json.loads(b64url_decode(claims_b64))
    except (ValueError, InvalidSignature) as error:
        raise VapidError(f"bad token: {error!r}") from None
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise VapidError("not ES256")
    if claims.get("aud") != audience:
        raise VapidError(f"aud {claims.get('aud')!r} is not {audience!r}")
    now = time.time()
    if not now < claims.get("exp", 0) <= now + 24 * 3600:
        raise VapidError("exp not within 24 h")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise VapidError("sub is not a mailto: or https: URL")
    return claims


class PushReceiver:
    """The push service, on its own event loop in a thread of this process."""

    def __init__(self, *, latency: float = 0.0, vapid_public_key: str | None = None) -> None:
        self.latency = latency
        self.vapid_public_key = vapid_public_key
        self.received: list[Received] = []
        self.rejected: list[str] = []
        self.origin = ""
        self._subscriptions: dict[str, Subscription] = {}
        self._scripts: dict[str, _Script] = {}
        self._lock = threading.Lock()
        self._delivered = threading.Condition(self._lock)
        self._holds: list[Hold] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    async def _start(self) -> None:
        app = web.Application(client_max_size=64 * 1024)
        app.router.add_post("/push/{sub_id}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.origin = f"http://{host}:{port}"

    def __enter__(self) -> "PushReceiver":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(PATIENCE)
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            for hold in self._holds:
                hold.drop()
        # Closes kept-alive connections too: a sender's pool must not reach the next
        # receiver through them.
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(PATIENCE)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(PATIENCE)
        self._loop.close()

    def subscribe(self) -> Subscription:
        sub_id = b64url(os.urandom(12))
        subscription = Subscription(
            id=sub_id,
            endpoint=f"{self.origin}/push/{sub_id}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=os.urandom(16),
        )
        with self._lock:
            self._subscriptions[sub_id] = subscription
            self._scripts[sub_id] = _Script()
        return subscription

    def answer(
        self,
        subscription: Subscription,
        status: int,
        *,
        retry_after: str | None = None,
        body: bytes = b"",
        times=1,
    ) -> None:
        """Answer the next `times` pushes to this subscription with `status` (and `body`)."""
        with self._lock:
            self._scripts[subscription.id].answers.extend([(status, retry_after, body)] * times)

    def hang(self, subscription: Subscription, seconds: float = 60.0) -> None:
        with self._lock:
            self._scripts[subscription.id].hang_seconds = seconds

    def hold(self, subscription: Subscription | None = None, *, first: int | None = None) -> Hold:
        """Keep requests to `subscription` (to any, if None) unanswered until the test
        releases or drops them; with `first`, only that many, and let later ones pass."""
        hold = Hold(subscription.id if subscription else None, first)
        with self._lock:
            self._holds.append(hold)
        return hold

    def delivered(self, subscription: Subscription | None = None) -> list[Received]:
        with self._lock:
            return self._delivered_to(subscription)

    def _delivered_to(self, subscription: Subscription | None) -> list[Received]:
        return [
            r
            for r in self.received
            if r.status == 201 and (subscription is None or r.subscription_id == subscription.id)
        ]

    def wait_for(
        self, count: int, *, timeout: float = PATIENCE, subscription=None
    ) -> list[Received]:
        """Until `count` pushes were delivered; the timeout only ends a broken test."""
        with self._delivered:
            self._delivered.wait_for(
                lambda: len(self._delivered_to(subscription)) >= count, timeout
            )
            return self._delivered_to(subscription)

    def collect(self) -> tuple[list[Received], list[str]]:
        """Everything received and rejected since the last collect (the benchmark's)."""
        with self._lock:
            received, rejected = self.received, self.rejected
            self.received, self.rejected = [], []
        return received, rejected

    def _verified(self, request: web.Request, body: bytes, subscription: Subscription):
        """The VAPID claims and the decrypted payload; raises VapidError or ValueError."""
        headers = request.headers
        claims = verify_vapid(
            headers.get("Authorization", ""),
            audience=self.origin,
            public_key=self.vapid_public_key,
        )
        if headers.get("Content-Encoding") != "aes128gcm" or "TTL" not in headers:
            raise VapidError("missing Content-Encoding: aes128gcm or TTL")
        plaintext = http_ece.decrypt(
            body,
            private_key=subscription.private_key,
            auth_secret=subscription.auth_secret,
            version="aes128gcm",
        )
        return claims, json.loads(plaintext)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        sub_id = request.match_info["sub_id"]
        with self._lock:
            hold = next((hold for hold in self._holds if hold._takes(sub_id)), None)
        # Held after the whole request was read: a sender that dies now has sent it.
        if hold is not None and not await hold._keep():
            return _hang_up(request)
        with self._lock:
            subscription = self._subscriptions.get(sub_id)
            script = self._scripts.get(sub_id)
            status, retry_after, answer_body = (
                script.answers.popleft() if script and script.answers else (201, None, b"")
            )
        if subscription is None or script is None:
            return web.Response(status=404)
        if script.hang_seconds:
            await asyncio.sleep(script.hang_seconds)
            return _hang_up(request)
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            claims, payload = self._verified(request, body, subscription)
        except (VapidError, ValueError, KeyError) as error:
            with self._lock:
                self.rejected.append(f"{sub_id}: {error!r}")
            return web.Response(status=400)
        headers = {name.lower(): value for name, value in request.headers.items()}
        with self._lock:
            self.received.append(
                Received(sub_id, status, headers, payload, claims, time.monotonic())
            )
            self._delivered.notify_all()
        extra = {"Retry-After": retry_after} if retry_after else {}
        return web.Response(status=status, headers=extra, body=answer_body)


def _hang_up(request: web.Request) -> web.Response:
    """Close the connection unanswered, as a push service that hangs up."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=499)


def _serve(conn, latency: float, vapid_public_key: str) -> None:
    """The benchmark's receiver process: the same service, driven through a pipe."""
    with PushReceiver(latency=latency, vapid_public_key=vapid_public_key) as receiver:
        conn.send(receiver.origin)
        while True:
            command, argument = conn.recv()
            if command == "subscribe":
                made = [receiver.subscribe() for _ in range(argument)]
                conn.send([(s.id, s.endpoint, s.p256dh, s.auth) for s in made])
            elif command == "count":
                conn.send(len(receiver.delivered()))
            elif command == "collect":
                received, rejected = receiver.collect()
                # Keys and claims stay here: what was received, by whom, when.
                light = [
                    replace(r, claims={}, headers={"topic": r.headers.get("topic", "")})
                    for r in received
                ]
                conn.send((light, rejected))
            elif command == "stop":
                conn.send(None)
                return


class ReceiverProcess:
    """The push service in a process of its own (the benchmark measures the senders)."""

    def __init__(self, *, latency: float, vapid_public_key: str) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, latency, vapid_public_key), daemon=True
        )

    def __enter__(self) -> "ReceiverProcess":
        self._process.start()
        self.origin: str = self._conn.recv()
        return self

    def __exit__(self, *exc) -> None:
        self._ask("stop")
        self._process.join(10)

    @property
    def pid(self) -> int:
        return int(self._process.pid or 0)

    def _ask(self, command: str, argument=None):
        self._conn.send((command, argument))
        return self._conn.recv()

    def subscribe(self, count: int) -> list[tuple[str, str, str, str]]:
        """(id, endpoint, p256dh, auth) of `count` new browser subscriptions."""
        return self._ask("subscribe", count)

    def count(self) -> int:
        """Pushes delivered (201) since the last collect."""
        return self._ask("count")

    def collect(self) -> tuple[list[Received], list[str]]:
        """Everything received (every push decrypted) and rejected since the last collect."""
        return self._ask("collect")


def subscribe(receiver: "PushReceiver", user) -> Subscription:
    """A browser of `user` subscribing through the service the API uses."""
    from push.services import push_subscription_save

    subscription = receiver.subscribe()
    push_subscription_save(
        user=user,
        endpoint=subscription.endpoint,
        p256dh=subscription.p256dh,
        auth=subscription.auth,
    )
    return subscription
