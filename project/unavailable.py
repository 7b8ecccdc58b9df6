"""The answer when the database or the broker is away: 503 with Retry-After, not a 500.

An automation must tell "try again" from "broken": a lost connection, a refused one or a
database too busy to answer is "try again". Django hands every uncaught exception to
the root URLconf's `handler500` while it is still being handled, wherever it was raised
(a view, DRF, or a middleware reading the session), so this one view sees them all.

Nothing is half-written: every write happens inside a transaction (the services', and
accounts.idempotency's around a replayable action), which the database rolls back when
the connection is lost, so a retry with the same Idempotency-Key acts exactly once.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)

# A connection that failed or went away, a database that refused or timed out; the
# broker's own connection errors. Not ProgrammingError & co.: those are bugs, a 500.
UNAVAILABLE = (OperationalError, InterfaceError, BrokerUnavailable)


def service_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, UNAVAILABLE)


def busy_message() -> str:
    return _("The server is busy; try again in a moment.")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, a plain page elsewhere. Touches neither the
    database nor the session, and renders without a request context for that reason."""
    retry_after = str(settings.UNAVAILABLE_RETRY_AFTER_SECONDS)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": busy_message(), "retry": True}, status=503)
    else:
        page = render_to_string(
            "unavailable.html", {"title": _("Try again shortly"), "message": busy_message()}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = retry_after
    response["Cache-Control"] = "no-store"
    return response


def server_error_or_unavailable(request: HttpRequest) -> HttpResponse:
    """The root URLconf's handler500 (project/urls.py)."""
    exc = sys.exc_info()[1]
    if service_unavailable(exc):
        logger.warning("answered 503: %s", exc.__class__.__name__, exc_info=exc)
        return unavailable_response(request)
    return server_error(request)
