"""A push service on 127.0.0.1 that does what FCM or Mozilla's would, for tests and benchmarks.

It hands out subscriptions (a P-256 key pair and an auth secret, like a browser's),
accepts the POSTs, checks the VAPID JWT (ES256 signature, aud = its origin, exp within
24 h, a sub), decrypts the aes128gcm body with the subscription's private key, and
records the headers and the decrypted payload. Per subscription it can be told to answer
404/410/413/429 (with Retry-After)/500 or to hang; every answer can be delayed. A test
can hold requests unanswered until it says (`hold`): then the test, not the clock of a
busy machine, decides what happens first.
"""

import base64
import contextlib
import json
import os
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tests.waiting import PATIENCE

PORTS = range(8320, 8340)


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
        self._over = threading.Event()
        self._dropped = False

    def _takes(self, subscription_id: str) -> bool:
        """Whether this hold keeps that request (called under the receiver's lock)."""
        if self._over.is_set() or self.subscription_id not in (None, subscription_id):
            return False
        if self._left is not None:
            if self._left == 0:
                return False
            self._left -= 1
        return True

    def _keep(self) -> bool:
        """Block the request's thread until the test decides; True: answer it."""
        with self._arrived:
            self._count += 1
            self._arrived.notify_all()
        if not self._over.wait(PATIENCE):
            return False
        return not self._dropped

    def wait(self, count: int = 1) -> bool:
        """Until `count` requests are held (False only if they never come)."""
        with self._arrived:
            return self._arrived.wait_for(lambda: self._count >= count, PATIENCE)

    def release(self) -> None:
        self._over.set()

    def drop(self) -> None:
        self._dropped = True
        self._over.set()


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
    def __init__(self, *, latency: float = 0.0, vapid_public_key: str | None = None) -> None:
        self.latency = latency
        self.vapid_public_key = vapid_public_key
        self.received: list[Received] = []
        self.rejected: list[str] = []
        self._subscriptions: dict[str, Subscription] = {}
        self._scripts: dict[str, _Script] = {}
        self._lock = threading.Lock()
        self._delivered = threading.Condition(self._lock)
        self._holds: list[Hold] = []
        self._connections: set[socket.socket] = set()
        self._server = self._bind()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _bind(self) -> ThreadingHTTPServer:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as real push services do: the sender reuses its connections.
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with receiver._lock:
                    receiver._connections.add(self.connection)

            def do_POST(self) -> None:
                receiver._handle(self)

            def log_message(self, *args) -> None:
                pass

        for port in PORTS:
            try:
                server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            except OSError:
                continue
            server.daemon_threads = True
            server.request_queue_size = 128
            return server
        raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "PushReceiver":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            for hold in self._holds:
                hold.drop()
        self._server.shutdown()
        self._server.server_close()
        # Kept-alive connections would otherwise still be answered by this receiver
        # after the next one has taken its port.
        with self._lock:
            for open_connection in self._connections:
                with contextlib.suppress(OSError):
                    open_connection.shutdown(socket.SHUT_RDWR)

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

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length", 0)))
        sub_id = request.path.rsplit("/", 1)[-1]
        with self._lock:
            hold = next((hold for hold in self._holds if hold._takes(sub_id)), None)
        # Held after the whole request was read: a sender that dies now has sent it.
        if hold is not None and not hold._keep():
            return self._close(request)
        with self._lock:
            subscription = self._subscriptions.get(sub_id)
            script = self._scripts.get(sub_id)
            status, retry_after, answer_body = (
                script.answers.popleft() if script and script.answers else (201, None, b"")
            )
        if subscription is None:
            return self._reply(request, 404)
        if script.hang_seconds:
            time.sleep(script.hang_seconds)
            return self._close(request)
        if self.latency:
            time.sleep(self.latency)
        headers = {name.lower(): value for name, value in request.headers.items()}
        try:
            claims = verify_vapid(
                headers.get("authorization", ""),
                audience=self.origin,
                public_key=self.vapid_public_key,
            )
            if headers.get("content-encoding") != "aes128gcm" or "ttl" not in headers:
                raise VapidError("missing Content-Encoding: aes128gcm or TTL")
            plaintext = http_ece.decrypt(
                body,
                private_key=subscription.private_key,
                auth_secret=subscription.auth_secret,
                version="aes128gcm",
            )
            payload = json.loads(plaintext)
        except (VapidError, ValueError, KeyError) as error:
            with self._lock:
                self.rejected.append(f"{sub_id}: {error!r}")
            return self._reply(request, 400)
        with self._lock:
            self.received.append(
                Received(sub_id, status, headers, payload, claims, time.monotonic())
            )
            self._delivered.notify_all()
        extra = {"Retry-After": retry_after} if retry_after else {}
        self._reply(request, status, extra, answer_body)

    @staticmethod
    def _reply(
        request: BaseHTTPRequestHandler, status: int, extra: dict | None = None, body=b""
    ) -> None:
        request.send_response(status)
        for name, value in (extra or {}).items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        try:
            request.end_headers()
            request.wfile.write(body)
        except OSError:
            # The sender is gone (a killed worker): what it sent still counts, as at a
            # real push service.
            request.close_connection = True

    @staticmethod
    def _close(request: BaseHTTPRequestHandler) -> None:
        request.close_connection = True
        with contextlib.suppress(OSError):
            request.connection.shutdown(socket.SHUT_RDWR)


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
