"""A channel's Apprise URL holds its credentials (an SMTP password, a bot token, a
secret topic): it is stored encrypted, with a key derived from CHANNEL_SECRET_KEY
(default: SECRET_KEY), and never shown again in full."""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet() -> Fernet:
    secret = (settings.CHANNEL_SECRET_KEY or settings.SECRET_KEY).encode()
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"ringback channel urls"
    ).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(url: str) -> str:
    return _fernet().encrypt(url.encode()).decode()


def unseal(token: str) -> str:
    """The URL; ValueError if the key changed since it was stored."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("the channel key changed since this URL was stored") from None
