from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from reminders.dispatch.claim import reminders_dispatch

pytestmark = pytest.mark.django_db


def dispatcher_ran(at) -> None:
    reminders_dispatch(enqueue=lambda ids, token: None, now=at)


@pytest.fixture
def frozen():
    # The answers count seconds since the last run: the request must not age them.
    with time_machine.travel(timezone.now(), tick=False):
        yield


def test_it_is_healthy_when_database_broker_and_dispatcher_are(client, frozen):
    dispatcher_ran(timezone.now() - timedelta(seconds=20))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "dispatcher": "ok"},
    }


def test_it_fails_when_the_dispatcher_has_stopped(client, frozen):
    dispatcher_ran(timezone.now() - timedelta(minutes=3))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["dispatcher"] == "last ran 180 s ago"


def test_it_fails_when_the_dispatcher_never_ran(client):
    assert client.get("/healthz").json()["checks"]["dispatcher"] == "never ran"


def test_it_fails_when_the_broker_does_not_answer(client, settings):
    dispatcher_ran(timezone.now())
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("failing")


def test_it_needs_no_login_and_is_not_cached(client):
    with time_machine.travel(timezone.now(), tick=False):
        dispatcher_ran(timezone.now())
        response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
