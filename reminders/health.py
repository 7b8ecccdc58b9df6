"""/healthz: can this installation send reminders right now?

Reminders that silently stop are the worst failure of such an app, so besides the
database and the broker it asks whether the dispatcher ran within the last minute, and
whether a push service refuses every push (a bad VAPID subject, a rotated key: each
message fails for good, and only the deliveries admin would show it).
Open to anyone (a load balancer or uptime checker), and it tells nothing about users:
push services by name, and numbers.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from push.endpoints import OTHER_SERVICE
from reminders.selectors import PushServiceStats, dispatcher_last_run, push_service_stats
from sources.selectors import sources_health

DISPATCHER_STALE_AFTER = timedelta(minutes=1)
BROKER_TIMEOUT_SECONDS = 3
PUSH_STATS_WINDOW = timedelta(hours=1)
# Fewer refusals than this may be one user's broken subscriptions, not the service.
PUSH_REFUSALS_ALARM = 5


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


def _refuses_everything(stats: PushServiceStats) -> bool:
    # Refusals the service answered; "other" endpoints are refused by us, not by it.
    return stats.refused >= PUSH_REFUSALS_ALARM and stats.sent == 0


def _push(services: dict[str, PushServiceStats]) -> str:
    refusing = [
        f"{name} refused {stats.refused} pushes in the last hour and took none"
        for name, stats in sorted(services.items())
        if name != OTHER_SERVICE and _refuses_everything(stats)
    ]
    return "failing: " + "; ".join(refusing) if refusing else "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    for name, check in (("database", _database), ("broker", _broker), ("dispatcher", _dispatcher)):
        try:
            checks[name] = check()
        except Exception as error:
            checks[name] = f"failing: {type(error).__name__}"
    services: dict[str, PushServiceStats] = {}
    try:
        services = push_service_stats(since=timezone.now() - PUSH_STATS_WINDOW)
        checks["push"] = _push(services)
    except Exception as error:
        checks["push"] = f"failing: {type(error).__name__}"
    healthy = all(result == "ok" for result in checks.values())
    body: dict[str, object] = {
        "status": "ok" if healthy else "failing",
        "checks": checks,
        # The last hour's attempts per push service; a failed push is one refused for good.
        "push_services": {
            name: {
                "sent": stats.sent,
                "failed": stats.failed,
                "gone": stats.gone,
                "retried": stats.retried,
                "failed_share": stats.failed_share,
            }
            for name, stats in sorted(services.items())
        },
        # Users' address books and mailboxes: counts only; one user's failing server
        # is theirs to fix (Settings shows it), not the installation's health.
        "sources": sources_health(),
    }
    body["channels"] = _channels()
    return JsonResponse(body, status=200 if healthy else 503)


def _channels() -> dict[str, object]:
    """Users' other channels whose last send failed: a user's wrong password is no
    failure of this installation (the status stays ok), but the operator may look."""
    from reach.selectors import failing_channels

    try:
        return {"failing": failing_channels()}
    except Exception as error:
        return {"failing": f"unknown: {type(error).__name__}"}
