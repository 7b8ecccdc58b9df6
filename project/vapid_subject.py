"""Is a VAPID subject one that every push service accepts?

The subject (`sub` of the VAPID JWT) tells a push service whom to contact. FCM and
Mozilla take anything; Apple's push service answers 403 BadJwtToken to a placeholder
such as `mailto:admin@localhost` or a `.local` host, and a 403 is a permanent failure,
so every iPhone would silently get nothing. Production therefore refuses to start
with such a subject.
"""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

# Names that only mean something on one machine or one local network.
_LOCAL_SUFFIXES = ("localhost", "local", "localdomain", "internal", "lan", "home.arpa", "invalid")

# Django's validators accept `user@localhost` and `https://localhost`; the host is
# judged below instead.
_email = EmailValidator(allowlist=[])
_https_url = URLValidator(schemes=["https"])

PLACEHOLDER_HELP = (
    "Apple's push service refuses a placeholder subject (403 BadJwtToken), so iPhones "
    "would get no push. Set VAPID_SUBJECT to a mailto: address you read (e.g. "
    "mailto:ops@your-domain.com) or an https: URL of yours, or set PUBLIC_URL to this "
    "server's https address, which is then the default subject."
)


def _host_problem(host: str) -> str | None:
    host = host.strip("[]").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None if address.is_global else f"{host} is not a public address"
    if "." not in host:
        return f"{host} is not a domain name on the internet"
    if any(host == suffix or host.endswith(f".{suffix}") for suffix in _LOCAL_SUFFIXES):
        return f"{host} is a local name, not a domain on the internet"
    return None


def vapid_subject_problem(subject: str) -> str | None:
    """Why push services may refuse `subject`, or None when it is fine."""
    if subject.startswith("mailto:"):
        address = subject.removeprefix("mailto:")
        try:
            _email(address)
        except ValidationError:
            return f"{subject!r} is not mailto: followed by one e-mail address"
        return _host_problem(address.rpartition("@")[2])
    if subject.startswith("https:"):
        try:
            _https_url(subject)
        except ValidationError:
            return f"{subject!r} is not an https: URL"
        return _host_problem(urlsplit(subject).hostname or "")
    return f"{subject!r} is neither a mailto: address nor an https: URL"
