from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from accounts.services import api_token_create, preferences_update
from contacts.services import contact_create
from reminders.models import MissedCall, Reminder, Source
from tests.factories import at

NOW = at("2026-03-02 10:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_number_in_any_format_finds_the_contact_and_opens_a_reminder(api, user):
    mum = contact_create(
        owner=user, name="Mum", relationship="family", numbers=[("+49301234567", "")]
    )

    response = api.post(
        "/api/missed-calls/", {"number": "0049 30 1234567", "reason": "Birthday"}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["missed_call"]["number"] == "+49301234567"
    assert body["missed_call"]["source"] == "manual"
    reminder = body["reminder"]
    assert reminder["contact"] == {
        "id": mum.pk,
        "name": "Mum",
        "relationship": "family",
        "time_zone": "",
    }
    assert reminder["who"] == "Mum"
    assert reminder["reason"] == "Birthday"
    assert reminder["seconds_left"] == 24 * 3600
    assert reminder["overdue"] is False
    assert reminder["url"] == f"/reminders/{reminder['id']}"
    assert reminder["call_url"] == "tel:+49301234567"
    assert reminder["text_url"].startswith("sms:+49301234567?&body=")


def test_a_call_sent_with_a_token_has_the_source_api(token_api):
    response = token_api.post("/api/missed-calls/", {"number": "+49301234567"}, format="json")

    assert response.status_code == 201
    assert MissedCall.objects.get().source == Source.API


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"number": "not a number"}, "number"),
        ({}, "number"),
        ({"number": "+49301234567", "occurred_at": "2026-03-02T10:30:00Z"}, "occurred_at"),
        ({"number": "+49301234567", "occurred_at": "yesterday"}, "occurred_at"),
        ({"number": "+49301234567", "occurred_at": "0001-01-01T00:00:00Z"}, "occurred_at"),
        ({"number": "+49301234567", "occurred_at": "0001-01-01T00:00:00"}, "occurred_at"),
        ({"number": "+49301234567", "occurred_at": "0001-01-01T00:00:00+05:00"}, "occurred_at"),
        ({"number": "+49301234567", "occurred_at": "1900-01-01T12:00:00Z"}, "occurred_at"),
        ({"number": "+49301234567", "occurred_at": "2026-01-31T09:59:00Z"}, "occurred_at"),
        ({"withheld": True, "number": "+49301234567"}, "withheld"),
        ({"contact": 999999}, "contact"),
        ({"number": "+49301234567", "client_id": "not-a-uuid"}, "client_id"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(api, payload, field):
    response = api.post("/api/missed-calls/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not MissedCall.objects.exists() and not Reminder.objects.exists()


def test_another_users_contact_is_no_such_contact(api, other_user):
    theirs = contact_create(owner=other_user, name="Eve", numbers=[("+49301234567", "")])

    response = api.post("/api/missed-calls/", {"contact": theirs.pk}, format="json")

    assert response.status_code == 400
    assert response.json() == {"contact": ["No such contact."]}


def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer(token_api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "call-1"}
    first = token_api.post(
        "/api/missed-calls/", {"number": "+49301234567"}, format="json", **headers
    )
    again = token_api.post(
        "/api/missed-calls/", {"number": "+49301234567"}, format="json", **headers
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert MissedCall.objects.count() == 1
    assert Reminder.objects.get().call_count == 1


def test_a_retry_whose_time_says_now_again_is_still_the_same_call(token_api):
    """Automations fill in the time as they send: a retry may carry a later one."""
    headers = {"HTTP_IDEMPOTENCY_KEY": "call-1"}
    first = token_api.post(
        "/api/missed-calls/",
        {"number": "+49301234567", "occurred_at": "2026-03-02T09:00:00Z"},
        format="json",
        **headers,
    )
    again = token_api.post(
        "/api/missed-calls/",
        {"number": "+49301234567", "occurred_at": "2026-03-02T09:01:30Z"},
        format="json",
        **headers,
    )

    assert again.json() == first.json()
    assert MissedCall.objects.count() == 1


def test_a_client_id_makes_a_call_idempotent_too(api):
    payload = {"number": "+49301234567", "client_id": "8d2b8f0e-6f7c-4d8e-9a55-0c1f2a3b4c5d"}
    first = api.post("/api/missed-calls/", payload, format="json")
    again = api.post("/api/missed-calls/", payload, format="json")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert MissedCall.objects.count() == 1


def test_the_list_is_newest_first_and_only_mine(api, other_api):
    api.post(
        "/api/missed-calls/",
        {"number": "+49301234567", "occurred_at": "2026-03-02T08:00:00Z"},
        format="json",
    )
    api.post("/api/missed-calls/", {"number": "+49301234568"}, format="json")
    other_api.post("/api/missed-calls/", {"number": "+49301234569"}, format="json")

    results = api.get("/api/missed-calls/").json()["results"]

    assert [call["number"] for call in results] == ["+49301234568", "+49301234567"]


def test_a_body_over_the_limit_is_a_413_with_a_message(api, settings):
    body = "x" * (10 * 1024 * 1024)

    response = api.post("/api/missed-calls/", body, content_type="application/json")

    assert response.status_code == 413
    assert "larger than the limit" in response.json()["detail"]
    assert not MissedCall.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_call_record_it_once(user):
    _token, secret = api_token_create(owner=user, name="Tasker")
    retries = 6
    barrier = Barrier(retries)

    def post(_):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        barrier.wait()
        try:
            response = client.post(
                "/api/missed-calls/",
                {"number": "+49301234567"},
                format="json",
                HTTP_IDEMPOTENCY_KEY="tasker-42",
            )
            body = response.json()
            return response.status_code, body["missed_call"][
                "id"
            ] if "missed_call" in body else None
        finally:
            connection.close()

    with ThreadPoolExecutor(retries) as pool:
        answers = list(pool.map(post, range(retries)))

    # Each retry got the first's answer, or was told it is still in progress.
    assert {code for code, _ in answers} <= {201, 409}
    assert len({call_id for code, call_id in answers if code == 201}) == 1
    assert MissedCall.objects.count() == 1
    assert Reminder.objects.get().call_count == 1


def test_a_call_logged_late_is_overdue_with_negative_time_left(api, user):
    contact_create(owner=user, name="Boss", relationship="work", numbers=[("+49301234567", "")])

    earlier = (NOW - timedelta(hours=2)).isoformat()
    response = api.post(
        "/api/missed-calls/", {"number": "+49301234567", "occurred_at": earlier}, format="json"
    )

    reminder = response.json()["reminder"]
    assert reminder["overdue"] is True
    assert reminder["seconds_left"] == -3600


def test_a_call_30_days_ago_is_still_taken(api):
    response = api.post(
        "/api/missed-calls/",
        {"number": "+49301234567", "occurred_at": "2026-01-31T10:00:00Z"},
        format="json",
    )

    assert response.status_code == 201
    assert MissedCall.objects.get().occurred_at == at("2026-01-31 10:00")


@pytest.mark.parametrize("client", ["api", "token_api"])
def test_a_time_without_an_offset_is_read_in_the_users_time_zone(request, user, client):
    preferences_update(user=user, time_zone="Europe/Berlin")

    response = request.getfixturevalue(client).post(
        "/api/missed-calls/",
        {"number": "+49301234567", "occurred_at": "2026-03-02T09:30:00"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    # 09:30 in Berlin (UTC+1 in March) is 08:30 UTC, not 09:30.
    assert MissedCall.objects.get().occurred_at == at("2026-03-02 08:30")
    assert Reminder.objects.get().first_call_at == at("2026-03-02 08:30")


def test_the_schema_says_how_a_time_without_an_offset_is_read(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    field = schema["components"]["schemas"]["MissedCallInputRequest"]["properties"]["occurred_at"]
    assert "read in your time zone" in field["description"]


def test_a_call_from_a_withheld_number_is_logged_without_a_reminder(api):
    response = api.post(
        "/api/missed-calls/", {"withheld": True, "reason": "hung up"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["reminder"] is None
    assert response.json()["missed_call"]["who"] == "Withheld number"
    assert not Reminder.objects.exists()
    listed = api.get("/api/missed-calls/").json()["results"]
    assert [(c["who"], c["withheld"], c["number"], c["reminder"]) for c in listed] == [
        ("Withheld number", True, "", None)
    ]


def test_a_withheld_call_with_a_client_id_is_recorded_once(api):
    payload = {"withheld": True, "client_id": "8d2b8f0e-6f7c-4d8e-9a55-0c1f2a3b4c5d"}

    first = api.post("/api/missed-calls/", payload, format="json")
    again = api.post("/api/missed-calls/", payload, format="json")

    assert (first.status_code, again.status_code) == (201, 201)
    assert MissedCall.objects.count() == 1


def test_an_idempotency_key_reused_for_another_caller_is_a_422(token_api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "call-1"}
    token_api.post("/api/missed-calls/", {"number": "+49301234567"}, format="json", **headers)

    other = token_api.post(
        "/api/missed-calls/", {"number": "+49309999999"}, format="json", **headers
    )

    assert other.status_code == 422
    assert list(MissedCall.objects.values_list("number", flat=True)) == ["+49301234567"]
    assert Reminder.objects.get().call_count == 1
