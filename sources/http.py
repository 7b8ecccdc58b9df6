"""HTTP to a user's server: every request (and every redirect) to a checked, pinned
address, with the source's credentials, a time-out per request and a cap on the answer."""

import base64
import ipaddress
from dataclasses import dataclass
from urllib.parse import urljoin

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.exceptions import HTTPError, MaxRetryError, NewConnectionError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from sources.addresses import Target, resolve
from sources.problems import ADDRESS, CREDENTIALS, TLS, SourceProblem

MAX_REDIRECTS = 5
# An address book of thousands of cards answers a few MB per multiget; this is a server
# gone wrong.
MAX_ANSWER_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    url: str  # after redirects
    headers: dict[str, str]
    body: bytes


def _pool(target: Target) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(
        connect=min(10, settings.SOURCES_TIMEOUT_SECONDS), read=settings.SOURCES_TIMEOUT_SECONDS
    )
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(target.address, target.port, timeout=timeout, retries=False)


def _host_header(target: Target) -> str:
    default = {"https": 443, "http": 80}[target.scheme]
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


class Client:
    """One source's connection settings; each request resolves and checks its address."""

    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.authorization = f"Basic {token}"
        self.requests = 0  # how many were sent (the tests and the bench count them)

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        for _hop in range(MAX_REDIRECTS + 1):
            answer = self._once(method, url, body, headers or {})
            location = answer.headers.get("location")
            if answer.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                if answer.status == 303:
                    method, body = "GET", None
                continue
            if answer.status == 401:
                raise SourceProblem(
                    CREDENTIALS, _("The server refused this user name and password.")
                )
            return answer
        raise SourceProblem(ADDRESS, _("The server redirects in circles."))

    def _once(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        target = resolve(url)
        if target.scheme == "http" and ipaddress.ip_address(target.address).is_global:
            # A password in plain text across the internet: only inside an allowed network.
            raise SourceProblem(TLS, _("This address is not https://; use https://."))
        self.requests += 1
        sent = {
            **headers,
            "Host": _host_header(target),
            "Authorization": self.authorization,
            "User-Agent": "Ringback",
        }
        try:
            with _pool(target) as pool:
                response = pool.urlopen(
                    method,
                    target.path,
                    body=body,
                    headers=sent,
                    redirect=False,
                    preload_content=False,
                )
                data = response.read(MAX_ANSWER_BYTES + 1)
                response.release_conn()
        except SSLError as error:
            raise SourceProblem(
                TLS, _("The server's certificate was not accepted: %(why)s") % {"why": error}
            ) from None
        except NewConnectionError as error:  # (a subclass of urllib3's time-out)
            raise SourceProblem(
                ADDRESS, _("Could not connect to the server: %(why)s") % {"why": error}
            ) from None
        except (Urllib3Timeout, TimeoutError):
            raise SourceProblem(
                ADDRESS,
                _("The server did not answer within %(s)d seconds.")
                % {"s": settings.SOURCES_TIMEOUT_SECONDS},
            ) from None
        except (MaxRetryError, HTTPError, OSError) as error:
            raise SourceProblem(
                ADDRESS, _("Could not connect to the server: %(why)s") % {"why": error}
            ) from None
        if len(data) > MAX_ANSWER_BYTES:
            raise SourceProblem(ADDRESS, _("The server's answer is too large."))
        answer_headers = {key.lower(): value for key, value in response.headers.items()}
        return Answer(response.status, url, answer_headers, data)
