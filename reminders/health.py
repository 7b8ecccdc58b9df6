"""/healthz: can this installation send reminders right now?

Reminders that silently stop are the worst failure of such an app, so besides the
database and the broker it asks whether the dispatcher ran within the last minute.
Open to anyone (a load balancer or uptime checker), and it tells nothing about users.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from reminders.selectors import dispatcher_last_run

DISPATCHER_STALE_AFTER = timedelta(minutes=1)
BROKER_TIMEOUT_SECONDS = 3


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _broker() -> str:
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=options,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
    ) as broker:
        broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    return "ok"


def _dispatcher() -> str:
    last_run = dispatcher_last_run()
    if last_run is None:
        return "never ran"
    if timezone.now() - last_run > DISPATCHER_STALE_AFTER:
        return f"last ran {int((timezone.now() - last_run).total_seconds())} s ago"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    for name, check in (("database", _database), ("broker", _broker), ("dispatcher", _dispatcher)):
        try:
            checks[name] = check()
        except Exception as error:
            checks[name] = f"failing: {type(error).__name__}"
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503
    )
