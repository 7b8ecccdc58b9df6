"""Secret keys: made fresh, read from the data folder, or written there once.

Importing settings only reads (`read_dev_key`). Writing is `dev_key_create`'s, run by
`manage.py prepare_data_dir`: several of them (web, worker and beat started together)
may race, so a key is written under a temporary name and linked into place — the first
writer wins, nothing is ever overwritten, and every process reads the same key.
"""

import base64
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def new_vapid_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_public_key(private_pem: bytes) -> str:
    """The application server key a browser passes to `pushManager.subscribe`."""
    key = serialization.load_pem_private_key(private_pem, password=None)
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def vapid_private_text(private_pem: bytes) -> str:
    """The private key as one base64url line (its 32 raw bytes), which fits an
    environment variable better than a PEM and which `vapid_pem_from_text` reads."""
    key = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("a VAPID key is an elliptic-curve (P-256) key")
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def vapid_pem_from_text(raw: str) -> bytes:
    """Accept a VAPID private key as PEM or as base64url (raw 32 bytes or DER)."""
    text = raw.strip().replace("\\n", "\n")
    if text.startswith("-----BEGIN"):
        pem = text.encode()
        serialization.load_pem_private_key(pem, password=None)
        return pem
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(data) == 32:
        key = ec.derive_private_key(int.from_bytes(data, "big"), ec.SECP256R1())
    else:
        loaded = serialization.load_der_private_key(data, password=None)
        if not isinstance(loaded, ec.EllipticCurvePrivateKey):
            raise ValueError("a VAPID key is an elliptic-curve (P-256) key")
        key = loaded
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def new_sources_key() -> bytes:
    """A Fernet key (32 random bytes, base64url): seals the passwords of sources/."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32))


# The development keys: setting name → (file in the data folder, how to make one).
DEV_KEYS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "SECRET_KEY": ("secret_key", lambda: new_secret_key().encode()),
    "VAPID_PRIVATE_KEY": ("vapid_private.pem", new_vapid_pem),
    "SOURCES_KEY": ("sources_key", new_sources_key),
}


def read_dev_key(data_dir: Path, name: str) -> bytes | None:
    """The development key `name` from the data folder, or None if it is not there."""
    path = data_dir / DEV_KEYS[name][0]
    try:
        content = path.read_bytes().strip()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ImproperlyConfigured(f"{name}: cannot read {path}: {error}") from None
    if not content:
        raise ImproperlyConfigured(f"{name}: {path} is empty; delete it and make it again.")
    return content


def dev_key_create(data_dir: Path, name: str) -> bool:
    """Write a new development key `name` unless one is there; True if this call wrote it."""
    filename, make = DEV_KEYS[name]
    path = data_dir / filename
    if path.exists():
        return False
    data_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=f".{filename}.")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(make())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False  # another process got there first: its key stands
        return True
    finally:
        os.unlink(tmp)
