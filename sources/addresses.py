"""Which servers a source may reach (the SSRF rules of push/endpoints.py, for servers the
user names): http(s) or imap(s) URLs without userinfo, whose host resolves only to
public addresses, or to networks the operator lists in SOURCES_PRIVATE_NETWORKS.
The rule on addresses (`addresses_of`, `address_allowed`) is the one for every server a
user names: the channels (reach/transport.py) use it too, with their own setting.

The address checked is the address connected to (sources.http pins it), so a name that
resolves differently a moment later (DNS rebinding) does not get around the rule.
"""

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from sources.problems import ADDRESS, SourceProblem, not_allowed

DEFAULT_PORTS = {"https": 443, "http": 80, "imaps": 993, "imap": 143}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written (for TLS's server name and the Host header), lower case
    port: int
    address: str  # the IP connected to
    path: str  # path and query


def _private_allowed(address: IPAddress, networks: Iterable[str]) -> bool:
    for network in networks:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def address_allowed(address: IPAddress, networks: Iterable[str] | None = None) -> bool:
    """A public address, or one in `networks` (the operator's; by default
    SOURCES_PRIVATE_NETWORKS)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if networks is None:
        networks = settings.SOURCES_PRIVATE_NETWORKS
    return address.is_global or _private_allowed(address, networks)


def addresses_of(host: str, port: int) -> list[IPAddress]:
    """Every address the name has now (an IP literal is its own); a SourceProblem when
    it has none."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise SourceProblem(
            ADDRESS, _("No server is known by the name %(host)s.") % {"host": host}
        ) from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def split(url: str, schemes: tuple[str, ...]) -> tuple[str, str, int, str]:
    """scheme, host, port and path of a plain URL; a SourceProblem for anything else."""
    bad = SourceProblem(ADDRESS, _("Not an address Ringback can use: %(url)s") % {"url": url})
    if not isinstance(url, str) or len(url) > 1000 or any(c.isspace() for c in url):
        raise bad
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise bad from None
    if parts.scheme not in schemes or not parts.hostname or parts.username or "\\" in url:
        raise bad
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme], path


def resolve(url: str, schemes: tuple[str, ...] = ("https", "http")) -> Target:
    scheme, host, port, path = split(url, schemes)
    addresses = addresses_of(host, port)
    # Every address the name has must be allowed: which one is used is not ours to pick.
    if not addresses or not all(address_allowed(a) for a in addresses):
        raise not_allowed()
    return Target(scheme, host, port, str(addresses[0]), path)
