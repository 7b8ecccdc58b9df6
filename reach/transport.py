"""Sending through a channel: one Apprise URL, one message, an outcome that never raises.

Apprise knows the URL schemes self-hosters use (mailto://, ntfy://, tgram://,
signal://, gotify://, matrix://, pover://, slack://, hassio:// …) and sends with its
own timeouts. What went wrong is read from Apprise's log of this one send.

The server a channel reaches is named by the user, so it follows the rule of every such
server (sources/addresses.py): its name is resolved when the message is sent, and every
address it has must be public, unless the operator allows private hosts
(CHANNEL_ALLOW_PRIVATE_HOSTS). Apprise connects by name itself, so a name that changes
its address between our look-up and Apprise's (DNS rebinding) is not caught: pinning the
address would take Apprise's private internals.
"""

import logging
from dataclasses import dataclass

import apprise
from django.conf import settings

from sources.addresses import address_allowed, addresses_of
from sources.problems import SourceProblem

MAX_ERROR_LENGTH = 500
NOT_APPRISE = "not an Apprise URL"
PRIVATE = "a private address"
UNKNOWN_HOST = "no server is known by this name"


@dataclass(frozen=True)
class Sent:
    ok: bool
    error: str = ""


def _service(url: str) -> apprise.Apprise | None:
    box = apprise.Apprise()
    return box if box.add(url) else None


def _server(box: apprise.Apprise) -> tuple[str, int]:
    """The host and port Apprise connects to, or ("", 0) when the URL names no server
    (Telegram's, Pushover's … host is a token: it is never looked up, never leaked to DNS)."""
    plugin = box[0]
    smtp_host = getattr(plugin, "smtp_host", "")  # an e-mail's server, not its domain
    if smtp_host:
        return str(smtp_host), int(getattr(plugin, "port", 0) or 25)
    if "host" not in plugin.template_tokens or not plugin.host:
        return "", 0
    return str(plugin.host), int(plugin.port or 443)


def _host(box: apprise.Apprise) -> str:
    return str(getattr(box[0], "host", "") or "")


def _networks() -> tuple[str, ...]:
    return ("0.0.0.0/0", "::/0") if settings.CHANNEL_ALLOW_PRIVATE_HOSTS else ()


def _refusal(box: apprise.Apprise, *, unknown_ok: bool) -> str:
    """Why the server may not be reached, or "": an address of this machine or its
    network (the URL is the user's, the request our server's, so it may not reach what
    only the server can), or a name without an address — refused when sending, let
    through when the channel is added (`unknown_ok`: it may be known by then)."""
    host, port = _server(box)
    if not host:
        return ""
    try:
        addresses = addresses_of(host.strip("[]"), port)
    except SourceProblem:
        return "" if unknown_ok else f"{UNKNOWN_HOST}: {host}"
    networks = _networks()
    if not addresses or not all(address_allowed(a, networks) for a in addresses):
        return PRIVATE
    return ""


def problem(url: str) -> str:
    """Why this URL cannot be a channel, or "" if it can."""
    box = _service(url)
    if box is None:
        return NOT_APPRISE
    return _refusal(box, unknown_ok=True)


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
    refusal = _refusal(box, unknown_ok=False)
    if refusal:
        return Sent(False, refusal)
    with apprise.LogCapture(level=logging.WARNING) as log:
        try:
            ok = bool(box.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT))
        except Exception as failure:  # a plugin's bug must not stop the others
            ok = False
            log.write(f"{type(failure).__name__}: {failure}\n")
        said = log.getvalue()
    if ok:
        return Sent(True)
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    return Sent(False, (lines[-1] if lines else "not sent")[:MAX_ERROR_LENGTH])
