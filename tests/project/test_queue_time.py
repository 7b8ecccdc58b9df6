"""Back-pressure: a request that waited longer than REQUEST_QUEUE_TIMEOUT_MS before a
worker took it (the proxy's X-Request-Start) is a 503 with Retry-After, and does nothing."""

import pytest
import time_machine

from project.queue_time import request_start
from reminders.models import MissedCall
from tests.factories import at

NOW = at("2026-03-02 10:00")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def sent(seconds_ago: float) -> str:
    return f"t={NOW.timestamp() - seconds_ago:.3f}"  # nginx: "t=${msec}"


def log_call(token_api, started: str):
    return token_api.post(
        "/api/missed-calls/",
        {"number": "+49302222222"},
        format="json",
        HTTP_X_REQUEST_START=started,
    )


def test_a_request_that_waited_past_the_bound_is_a_503_and_does_nothing(token_api, settings):
    settings.REQUEST_QUEUE_TIMEOUT_MS = 10_000

    stale = log_call(token_api, sent(10.5))

    assert stale.status_code == 503
    assert stale["Retry-After"] == "5"
    assert stale.json()["retry"] is True
    assert not MissedCall.objects.exists()


def test_a_request_taken_in_time_is_served(token_api, settings):
    settings.REQUEST_QUEUE_TIMEOUT_MS = 10_000

    assert log_call(token_api, sent(9.5)).status_code == 201


def test_pages_get_the_plain_503_page(client, settings, db):
    settings.REQUEST_QUEUE_TIMEOUT_MS = 10_000

    response = client.get("/admin/login/", HTTP_X_REQUEST_START=sent(30))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")


def test_off_at_zero_and_without_the_header(token_api, settings):
    settings.REQUEST_QUEUE_TIMEOUT_MS = 0
    assert log_call(token_api, sent(3600)).status_code == 201
    settings.REQUEST_QUEUE_TIMEOUT_MS = 10_000
    assert token_api.get("/api/missed-calls/").status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "t=1772445600.250",  # nginx $msec: seconds
        "1772445600250",  # Heroku: milliseconds
        "t=1772445600250000",  # Apache %t: microseconds
    ],
)
def test_it_reads_the_header_in_each_unit_proxies_send(header):
    assert request_start(header) == pytest.approx(1772445600.25)


def test_a_header_it_cannot_read_is_ignored(token_api, settings):
    settings.REQUEST_QUEUE_TIMEOUT_MS = 10_000

    assert request_start("yesterday") is None
    assert log_call(token_api, "yesterday").status_code == 201
