"""After no answer the user says when they are free: the apology names that time in
their zone, and the retry waits for it."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.services import contact_create
from reminders.models import Reminder, Source
from reminders.plans import reminder_plan
from reminders.policy import AFTER_FREE_FROM, StepKind
from reminders.services.calls import missed_call_record
from tests.factories import at

NOW = at("2026-06-10 09:00")  # 11:00 in Berlin


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reminder(user) -> Reminder:
    preferences_update(user=user, time_zone="Europe/Berlin", language="de")
    anna = contact_create(
        owner=user, name="Anna", relationship="friend", numbers=[("+4915112345678", "")]
    )
    return missed_call_record(owner=user, contact=anna, source=Source.API).reminder


def test_the_apology_names_the_local_time_and_the_retry_is_then(api, reminder):
    response = api.post(
        f"/api/reminders/{reminder.pk}/attempts/",
        {"channel": "call", "outcome": "no_answer", "free_from": "2026-06-10T18:00"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["attempt"]["free_from"] == "2026-06-10T16:00:00Z"  # 18:00 in Berlin
    assert "Ich bin ab 18:00 Uhr erreichbar" in body["reminder"]["suggested_text"]
    text = next(a for a in body["reminder"]["actions"] if a["action"] == "text")
    assert "ab 18:00 Uhr" in unquote(text["url"])
    reminder.refresh_from_db()
    plan = reminder_plan(reminder, windows={})
    retry = next(step for step in plan.steps if step.kind == StepKind.RETRY)
    assert retry.at == at("2026-06-10 16:00")
    assert reminder.next_step == StepKind.APOLOGY


def test_free_only_after_the_window_keeps_it_open_until_an_hour_past_then(api, reminder):
    api.post(
        f"/api/reminders/{reminder.pk}/attempts/",
        {"channel": "call", "outcome": "no_answer", "free_from": "2026-06-13T10:00:00+02:00"},
        format="json",
    )

    reminder.refresh_from_db()
    assert reminder.deadline == at("2026-06-13 08:00") + AFTER_FREE_FROM


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        ({"outcome": "reached", "free_from": "2026-06-10T18:00"}, "only after no answer"),
        ({"outcome": "no_answer", "free_from": "2026-06-10T08:00"}, "in the past"),
        ({"outcome": "no_answer", "free_from": "2026-06-18T09:00"}, "more than a week ahead"),
        ({"outcome": "no_answer", "free_from": "tonight"}, "not a time"),
    ],
)
def test_a_free_from_that_makes_no_sense_is_a_400_naming_it(api, reminder, payload, why):
    response = api.post(
        f"/api/reminders/{reminder.pk}/attempts/", {"channel": "call", **payload}, format="json"
    )

    assert response.status_code == 400, why
    assert "free_from" in response.json(), why
    reminder.refresh_from_db()
    assert not reminder.attempts.exists()


def test_without_free_from_the_retry_keeps_its_default_time(api, reminder):
    api.post(
        f"/api/reminders/{reminder.pk}/attempts/",
        {"channel": "call", "outcome": "no_answer"},
        format="json",
    )

    reminder.refresh_from_db()
    plan = reminder_plan(reminder, windows={})
    retry = next(step for step in plan.steps if step.kind == StepKind.RETRY)
    assert retry.at == NOW + timedelta(hours=3)
