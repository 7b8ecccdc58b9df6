"""Which push endpoints we send to.

The endpoint URL comes from the browser, so it is untrusted: without a check, anyone
with an account could make our workers POST to any address (our own network included).
Only the public push services, over https on 443, and origins the operator names in
PUSH_EXTRA_ORIGINS (a self-hosted push service, the tests' local receiver) are allowed.
"""

import base64
import binascii
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KNOWN_PUSH_HOSTS = frozenset({"fcm.googleapis.com", "android.googleapis.com"})
KNOWN_PUSH_HOST_SUFFIXES = (
    ".push.services.mozilla.com",
    ".push.apple.com",
    ".notify.windows.com",
)
MAX_ENDPOINT_LENGTH = 500


def origin_of(url: str) -> str:
    """scheme://host:port, with the default port written out."""
    parts = urlsplit(url)
    port = parts.port or {"https": 443, "http": 80}.get(parts.scheme, 0)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _extra_origins() -> set[str]:
    return {origin_of(origin) for origin in settings.PUSH_EXTRA_ORIGINS}


def endpoint_allowed(url: str) -> bool:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.username or parts.password or not parts.hostname:
        return False
    if origin_of(url) in _extra_origins():
        return True
    host = parts.hostname.lower()
    known = host in KNOWN_PUSH_HOSTS or host.endswith(KNOWN_PUSH_HOST_SUFFIXES)
    return parts.scheme == "https" and port in (None, 443) and known


def validate_endpoint(url: str) -> None:
    if not url or len(url) > MAX_ENDPOINT_LENGTH:
        raise ValidationError(
            {
                "endpoint": _("A push endpoint is a URL of at most %(max)d characters.")
                % {"max": MAX_ENDPOINT_LENGTH}
            }
        )
    if not endpoint_allowed(url):
        raise ValidationError(
            {"endpoint": _("This is not the address of a push service Ringback sends to.")}
        )


def _b64url_bytes(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def validate_keys(*, p256dh: str, auth: str) -> None:
    """The browser's P-256 public key (65 bytes, uncompressed) and 16-byte auth secret."""
    errors = {}
    key = _b64url_bytes(p256dh or "")
    if key is None or len(key) != 65 or key[0] != 4:
        errors["p256dh"] = _("Expected the subscription's P-256 public key, base64url-encoded.")
    secret = _b64url_bytes(auth or "")
    if secret is None or len(secret) != 16:
        errors["auth"] = _("Expected the subscription's 16-byte auth secret, base64url-encoded.")
    if errors:
        raise ValidationError(errors)
