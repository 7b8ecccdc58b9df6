"""Passwords of sources, sealed at rest with settings.SOURCES_KEY (Fernet: AES-128-CBC and
HMAC-SHA256): a copy of the database alone does not give away anybody's mailbox."""

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class Unsealable(Exception):
    """The password was sealed with another key (SOURCES_KEY changed)."""


def seal(password: str) -> str:
    return Fernet(settings.SOURCES_KEY).encrypt(password.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return Fernet(settings.SOURCES_KEY).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise Unsealable from None
