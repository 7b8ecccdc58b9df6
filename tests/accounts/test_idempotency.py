"""Idempotency-Key on actions: claimed before the action runs, one run per key."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connection
from django.test import Client
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from accounts.idempotency import request_fingerprint
from accounts.models import ActionReplay, ReplayState
from contacts.services import contact_create
from reminders.api import views
from reminders.models import Attempt
from reminders.services.calls import missed_call_record
from tests.factories import at

NOW = at("2026-03-02 10:00")
REACHED = {"channel": "call", "outcome": "reached"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reminder(user):
    mum = contact_create(owner=user, name="Mum", numbers=[("+49302222222", "")])
    return missed_call_record(owner=user, contact=mum).reminder


def attempts_url(reminder) -> str:
    return f"/api/reminders/{reminder.pk}/attempts/"


def pending_claim(user, reminder, payload: dict) -> ActionReplay:
    """What a request still inside the action (or killed there) leaves behind."""
    sent = APIRequestFactory().post(attempts_url(reminder), payload, format="json")
    request = Request(sent, parsers=[JSONParser()])
    return ActionReplay.objects.create(
        owner=user,
        key="k",
        path=attempts_url(reminder),
        request_hash=request_fingerprint(request),
        state=ReplayState.PENDING,
    )


@pytest.mark.django_db(transaction=True)
def test_a_retry_arriving_while_the_first_runs_is_answered_once_it_is_done(
    user, reminder, monkeypatch
):
    """PostgreSQL answers the retry at once: 409, in progress. SQLite has one writer at a
    time, and the first request's action holds it: the retry waits for it, then gets its
    answer. Either way the action runs once."""
    entered, release = threading.Event(), threading.Event()
    runs = []
    real_attempt_record = views.attempt_record

    def held_attempt_record(**kwargs):
        runs.append(kwargs)
        entered.set()
        assert release.wait(30)
        return real_attempt_record(**kwargs)

    monkeypatch.setattr(views, "attempt_record", held_attempt_record)
    answers = {}

    def post(name):
        client = APIClient()
        client.force_login(user)
        answers[name] = client.post(
            attempts_url(reminder), REACHED, format="json", HTTP_IDEMPOTENCY_KEY="k"
        )

    def post_in_a_thread(name):
        try:
            post(name)
        finally:
            connection.close()

    first = threading.Thread(target=post_in_a_thread, args=["first"])
    first.start()
    assert entered.wait(30)
    if connection.vendor == "postgresql":
        post("during")
        during = answers["during"]
        assert during.status_code == 409
        assert "in progress" in during.json()["detail"]
        assert during["Retry-After"] == "1"
        release.set()
        first.join(30)
    else:
        retry = threading.Thread(target=post_in_a_thread, args=["during"])
        retry.start()
        release.set()
        first.join(30)
        retry.join(30)
        assert (answers["during"].status_code, answers["during"].json()) == (
            201,
            answers["first"].json(),
        )
    post("after")

    assert answers["first"].status_code == 201
    assert (answers["after"].status_code, answers["after"].json()) == (
        201,
        answers["first"].json(),
    )
    assert len(runs) == 1
    assert Attempt.objects.count() == 1


def test_a_pending_claim_makes_a_retry_wait_without_acting(api, user, reminder):
    pending_claim(user, reminder, REACHED)

    response = api.post(attempts_url(reminder), REACHED, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 409
    assert not Attempt.objects.exists()


def test_the_same_key_with_another_body_is_a_422_and_changes_nothing(api, reminder):
    no_answer = {"channel": "call", "outcome": "no_answer"}
    first = api.post(attempts_url(reminder), no_answer, format="json", HTTP_IDEMPOTENCY_KEY="k")

    other = api.post(attempts_url(reminder), REACHED, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert first.status_code == 201
    assert other.status_code == 422
    assert "another request" in other.json()["detail"]
    assert list(Attempt.objects.values_list("outcome", flat=True)) == ["no_answer"]
    reminder.refresh_from_db()
    assert reminder.state == "open"


def test_a_failed_action_releases_its_key_so_a_retry_runs_it(user, reminder, monkeypatch):
    real_attempt_record = views.attempt_record
    outcomes = iter([OperationalError("database is locked"), None])

    def flaky_attempt_record(**kwargs):
        error = next(outcomes)
        if error:
            raise error
        return real_attempt_record(**kwargs)

    monkeypatch.setattr(views, "attempt_record", flaky_attempt_record)
    client = APIClient(raise_request_exception=False)
    client.force_login(user)

    failed = client.post(attempts_url(reminder), REACHED, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert not ActionReplay.objects.exists()
    retried = client.post(attempts_url(reminder), REACHED, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert (failed.status_code, retried.status_code) == (500, 201)
    assert Attempt.objects.count() == 1
    assert ActionReplay.objects.get().state == ReplayState.DONE


def test_a_refused_action_releases_its_key(api, reminder):
    refused = api.post(
        attempts_url(reminder),
        {"channel": "text", "outcome": "reached"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert refused.status_code == 400
    assert not ActionReplay.objects.exists()


def test_a_claim_left_pending_by_a_request_that_died_is_taken_over(api, user, reminder, frozen):
    pending_claim(user, reminder, REACHED)
    frozen.shift(timedelta(minutes=6))

    response = api.post(attempts_url(reminder), REACHED, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 201
    assert Attempt.objects.count() == 1


def test_an_answer_stored_before_requests_were_hashed_is_still_replayed(api, user, reminder):
    ActionReplay.objects.create(
        owner=user,
        key="k",
        path=attempts_url(reminder),
        state="done",
        status_code=201,
        body={"stored": True},
    )

    response = api.post(attempts_url(reminder), REACHED, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert (response.status_code, response.json()) == (201, {"stored": True})
    assert not Attempt.objects.exists()


def test_a_retry_from_the_app_signed_in_with_a_session_and_csrf_is_replayed(user, reminder):
    # The CSRF check of a session parses the body before the action: the key still works.
    app = Client(enforce_csrf_checks=True)
    app.force_login(user)
    app.get("/api/auth/session/")
    headers = {"HTTP_X_CSRFTOKEN": app.cookies["csrftoken"].value, "HTTP_IDEMPOTENCY_KEY": "k"}

    answers = [
        app.post(attempts_url(reminder), REACHED, content_type="application/json", **headers)
        for _ in range(2)
    ]

    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[1].json() == answers[0].json()
    assert Attempt.objects.count() == 1
