"""Sending through a channel: one Apprise URL, one message, an outcome that never raises.

Apprise knows the URL schemes self-hosters use (mailto://, ntfy://, tgram://,
signal://, gotify://, matrix://, pover://, slack://, hassio:// …) and sends with its
own timeouts. What went wrong is read from Apprise's log of this one send.
"""

import ipaddress
import logging
from dataclasses import dataclass

import apprise
from django.conf import settings

MAX_ERROR_LENGTH = 500
NOT_APPRISE = "not an Apprise URL"
PRIVATE = "a private address"


@dataclass(frozen=True)
class Sent:
    ok: bool
    error: str = ""


def _service(url: str) -> apprise.Apprise | None:
    box = apprise.Apprise()
    return box if box.add(url) else None


def _host(box: apprise.Apprise) -> str:
    return str(getattr(box[0], "host", "") or "")


def _private(host: str) -> bool:
    """An address of this machine or its network: the URL is the user's, the request
    our server's, so by default it may not reach what only the server can."""
    if host.lower() in ("localhost", "localhost.localdomain") or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not address.is_global


def problem(url: str) -> str:
    """Why this URL cannot be a channel, or "" if it can."""
    box = _service(url)
    if box is None:
        return NOT_APPRISE
    if _private(_host(box)) and not settings.CHANNEL_ALLOW_PRIVATE_HOSTS:
        return PRIVATE
    return ""


def hint(url: str) -> str:
    """What may be shown of the URL: its scheme and host, never a password, token or
    topic (a topic is a secret on ntfy)."""
    box = _service(url)
    scheme = url.split("://", 1)[0].lower()
    host = _host(box) if box is not None else ""
    if "." in host or ":" in host:
        return f"{scheme}://{host}/…"
    return f"{scheme}://…"


def send(url: str, *, title: str, body: str) -> Sent:
    box = _service(url)
    if box is None:
        return Sent(False, NOT_APPRISE)
    if _private(_host(box)) and not settings.CHANNEL_ALLOW_PRIVATE_HOSTS:
        return Sent(False, PRIVATE)
    with apprise.LogCapture(level=logging.WARNING) as log:
        try:
            ok = bool(box.notify(title=title, body=body))
        except Exception as failure:  # a plugin's bug must not stop the others
            ok = False
            log.write(f"{type(failure).__name__}: {failure}\n")
        said = log.getvalue()
    if ok:
        return Sent(True)
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    return Sent(False, (lines[-1] if lines else "not sent")[:MAX_ERROR_LENGTH])
