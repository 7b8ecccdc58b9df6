"""Back-pressure: a request that waited in line longer than a bound is answered 503 with
Retry-After at once, instead of being worked on for a client that has likely gone.

Under more load than the workers can take, requests queue in front of them (in the
proxy, in the listen backlog). Without this, a worker spends the same CPU on a request
that waited 40 s, whose client timed out long ago, as on a fresh one, and the queue never
drains. How long a request waited is only known to what received it first: the reverse
proxy, which says when in the public `X-Request-Start` header (nginx:
`proxy_set_header X-Request-Start "t=${msec}";`, HAProxy, Heroku's router and New
Relic's convention). gunicorn's sync worker takes a connection only when free, so the
wait is in the kernel's backlog, which no public API measures: this needs the proxy's
header, and does nothing without it.

The bound (REQUEST_QUEUE_TIMEOUT_MS, off at 0) should sit below the clients' own
timeout. A forged header harms only its sender: the answer is a refusal, never access.
The proxy and the web server must share a clock (one machine, or NTP).
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from project.unavailable import unavailable_response


def request_start(header: str) -> float | None:
    """The header's time in seconds since the epoch: `t=` is optional, and the number is
    in seconds (nginx's $msec), milliseconds (Heroku) or microseconds (Apache's %t)."""
    try:
        value = float(header.strip().removeprefix("t="))
    except ValueError:
        return None
    if value > 1e14:
        return value / 1e6
    if value > 1e11:
        return value / 1e3
    return value


class QueueTimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bound = settings.REQUEST_QUEUE_TIMEOUT_MS / 1000
        header = request.headers.get("X-Request-Start")
        if bound > 0 and header:
            started = request_start(header)
            if started is not None and time.time() - started > bound:
                return unavailable_response(request)
        return self.get_response(request)
