"""Which push endpoints we send to, and which push service each belongs to.

The endpoint URL comes from the browser, so it is untrusted: without a check, anyone
with an account could make our workers POST to any address (our own network included).
Only the public push services, over https on 443, and origins the operator names in
PUSH_EXTRA_ORIGINS (a self-hosted push service, the tests' local receiver) are allowed.

A real endpoint is a plain URL, so anything unusual is refused rather than interpreted:
parsers disagree about backslashes, whitespace, `@` and percent-encoding in the
authority (urlsplit reads `https://127.0.0.1\\.push.apple.com/` as a host under
push.apple.com, urllib3 connects to 127.0.0.1), and the HTTP client's reading is the one
that counts. The host is also read back with urllib3's parser and must agree.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

KNOWN_PUSH_HOSTS = frozenset({"fcm.googleapis.com", "android.googleapis.com"})
KNOWN_PUSH_HOST_SUFFIXES = (
    ".push.services.mozilla.com",
    ".push.apple.com",
    ".notify.windows.com",
)
MAX_ENDPOINT_LENGTH = 500
# What /healthz and the admin call an endpoint that is not (or no longer) allowed: its
# host came from a browser and is nobody's business.
OTHER_SERVICE = "other"

# scheme://host[:port]/path[?query], nothing else: no userinfo, no fragment, no
# backslash, whitespace, control or non-ASCII characters, no percent-encoding in the host.
_ENDPOINT = re.compile(
    r"(?P<scheme>https?)://"
    r"(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<path>/[A-Za-z0-9\-._~:/?=&%+,;!$'()*]*)"
)
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_B64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
AUTH_SECRET_BYTES = 16


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str  # lower case; brackets kept around an IPv6 literal
    port: int

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def _default_port(scheme: str) -> int:
    return {"https": 443, "http": 80}.get(scheme, 0)


def parse_endpoint(url: str) -> Endpoint | None:
    """The endpoint's scheme, host and port if it is a plain http(s) URL that our parser
    and the HTTP client's read alike; None for anything else."""
    if not isinstance(url, str) or len(url) > MAX_ENDPOINT_LENGTH:
        return None
    match = _ENDPOINT.fullmatch(url)
    if match is None:
        return None
    scheme, host = match["scheme"], match["host"].lower()
    port = int(match["port"]) if match["port"] else _default_port(scheme)
    if not 0 < port < 65536:
        return None
    if not host.startswith("[") and (
        len(host) > 253 or not all(_LABEL.fullmatch(label) for label in host.split("."))
    ):
        return None
    try:
        client = parse_url(url)
    except LocationParseError:
        return None
    client_port = client.port or _default_port(client.scheme or "")
    if (client.scheme, (client.host or "").lower(), client_port) != (scheme, host, port):
        return None
    return Endpoint(scheme, host, port)


def origin_of(url: str) -> str:
    """scheme://host:port, with the default port written out (an IPv6 host in brackets,
    as Endpoint.origin writes it)."""
    parts = urlsplit(url)
    port = parts.port or _default_port(parts.scheme)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}:{port}"


def _extra_origins() -> set[str]:
    return {origin_of(origin) for origin in settings.PUSH_EXTRA_ORIGINS}


def _public_service(endpoint: Endpoint) -> str | None:
    """The public push service's name: its host, or the domain its hosts are under."""
    if endpoint.scheme != "https" or endpoint.port != 443:
        return None
    if endpoint.host in KNOWN_PUSH_HOSTS:
        return endpoint.host
    for suffix in KNOWN_PUSH_HOST_SUFFIXES:
        # Every label is valid, so the leading dot puts the match on a label boundary.
        if endpoint.host.endswith(suffix):
            return suffix[1:]
    return None


def is_public_push_service(url: str) -> bool:
    """A public push service's endpoint (not one of the operator's own origins)."""
    endpoint = parse_endpoint(url)
    return endpoint is not None and _public_service(endpoint) is not None


def endpoint_allowed(url: str) -> bool:
    endpoint = parse_endpoint(url)
    if endpoint is None:
        return False
    return _public_service(endpoint) is not None or endpoint.origin in _extra_origins()


def push_service_of(url: str) -> str:
    """Which push service an endpoint belongs to, as /healthz and the admin name it:
    the public service's host or domain, an allowed operator origin's host[:port], or
    OTHER_SERVICE."""
    endpoint = parse_endpoint(url)
    if endpoint is None:
        return OTHER_SERVICE
    public = _public_service(endpoint)
    if public is not None:
        return public
    if endpoint.origin in _extra_origins():
        default = endpoint.port == _default_port(endpoint.scheme)
        return endpoint.host if default else f"{endpoint.host}:{endpoint.port}"
    return OTHER_SERVICE


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
    # Strictly the base64url alphabet: the lenient decoder skips what it does not know.
    if not isinstance(value, str) or not _B64URL.fullmatch(value):
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def _on_p256(key: bytes) -> bool:
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    except ValueError:
        return False
    return True


def validate_keys(*, p256dh: str, auth: str) -> None:
    """The browser's P-256 public key (65 bytes, an uncompressed point on the curve) and
    its 16-byte auth secret: a key off the curve could never be encrypted to."""
    errors = {}
    key = _b64url_bytes(p256dh or "")
    if key is None or len(key) != 65 or key[0] != 4 or not _on_p256(key):
        errors["p256dh"] = _("Expected the subscription's P-256 public key, base64url-encoded.")
    secret = _b64url_bytes(auth or "")
    if secret is None or len(secret) != AUTH_SECRET_BYTES:
        errors["auth"] = _("Expected the subscription's 16-byte auth secret, base64url-encoded.")
    if errors:
        raise ValidationError(errors)
