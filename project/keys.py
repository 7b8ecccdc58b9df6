"""Development secrets kept in the data folder, created on first use.

Several processes (web, worker, beat) start at once on the first `make run`, so a
file is written under a temporary name and linked into place: the first writer wins
and every process reads the same key.
"""

import base64
import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def _create_once(path: Path, content: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.write(fd, content)
            os.close(fd)
            os.chmod(tmp, 0o600)
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return path.read_bytes()


def load_or_create_secret_key(path: Path) -> str:
    return _create_once(path, secrets.token_urlsafe(50).encode()).decode().strip()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_public_key(private_pem: bytes) -> str:
    """The application server key a browser passes to `pushManager.subscribe`."""
    key = serialization.load_pem_private_key(private_pem, password=None)
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def load_or_create_vapid_pem(path: Path) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return _create_once(path, pem)


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
        key = serialization.load_der_private_key(data, password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
