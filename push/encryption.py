"""What makes a push readable by one browser only and acceptable to its push service: the
aes128gcm body (RFC 8291) and the VAPID token (RFC 8292), signed once per push-service
origin. Pure computation: no network, no database."""

import base64
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02

from push.messages import Message

# Push services reject a VAPID token valid for more than 24 hours (Apple strictly).
JWT_LIFETIME = timedelta(hours=12)
JWT_REFRESH_BEFORE = timedelta(hours=1)


class VapidTokens:
    """One signed JWT per push-service origin, reused until shortly before it expires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[str, float]] = {}
        self._vapid: Vapid02 | None = None

    def authorization(self, origin: str) -> str:
        now = time.time()
        with self._lock:
            cached = self._tokens.get(origin)
            if cached and cached[1] - now > JWT_REFRESH_BEFORE.total_seconds():
                return cached[0]
            if self._vapid is None:
                self._vapid = Vapid02.from_pem(settings.VAPID_PRIVATE_KEY_PEM)
            expires = int(now + JWT_LIFETIME.total_seconds())
            # A fresh dict per origin: signing must never see another service's aud.
            claims = {"sub": settings.VAPID_SUBJECT, "aud": origin, "exp": expires}
            header: str = self._vapid.sign(claims)["Authorization"]
            self._tokens[origin] = (header, expires)
            return header


# One per process: the cache is the point (signing costs ~30 µs, a token lives hours).
tokens = VapidTokens()


def audience(endpoint: str) -> str:
    """The JWT's aud: the push service's origin as its URL spells it."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(message: Message) -> bytes:
    """The aes128gcm body (RFC 8291), with a fresh server key per message as pywebpush
    makes it; raises ValueError for a key that cannot be encrypted to."""
    body: bytes = http_ece.encrypt(
        message.data,
        salt=None,
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=_b64url_decode(message.p256dh),
        auth_secret=_b64url_decode(message.auth),
        version="aes128gcm",
    )
    return body
