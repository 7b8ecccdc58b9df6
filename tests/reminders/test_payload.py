"""The push payload: the contract with the service worker, the user's language, the size."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from contacts.models import Contact, Relationship
from reminders.dispatch.payload import MAX_PAYLOAD_BYTES, StepContext, payload_bytes
from reminders.models import Source
from reminders.services.calls import missed_call_record
from tests.factories import ContactFactory, PhoneNumberFactory

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def reminder_for(user, *, name="Anna Weber", relationship=Relationship.FRIEND, calls=1, reason=""):
    contact = ContactFactory(owner=user, name=name, relationship=relationship)
    PhoneNumberFactory(contact=contact, number="+4915112345678")
    with time_machine.travel(T0, tick=False):
        for _ in range(calls):
            reminder = missed_call_record(
                owner=user, contact=contact, source=Source.API, reason=reason
            ).reminder
    reminder.refresh_from_db()
    return reminder


def decoded(reminder, *, step="nudge", language="en", after=timedelta(hours=2)) -> dict:
    context = StepContext(step=step, now=T0 + after, language=language)
    data = payload_bytes(reminder, context)
    assert len(data) <= MAX_PAYLOAD_BYTES
    return json.loads(data.decode())


def test_it_has_exactly_the_shape_the_service_worker_expects(user):
    reminder = reminder_for(user)

    payload = decoded(reminder)

    assert set(payload) == {
        "title", "body", "tag", "url", "reminder_id", "step", "timestamp", "renotify",
        "require_interaction", "actions",
    }  # fmt: skip
    assert payload["tag"] == f"reminder-{reminder.pk}"
    assert payload["url"] == f"/reminders/{reminder.pk}"
    assert payload["reminder_id"] == reminder.pk
    assert payload["timestamp"] == int((T0 + timedelta(hours=2)).timestamp() * 1000)
    assert payload["renotify"] is True
    assert payload["require_interaction"] is False
    call, text = payload["actions"]
    assert call == {"action": "call", "title": "Call", "url": "tel:+4915112345678"}
    assert text["action"] == "text"
    assert text["url"].startswith("sms:+4915112345678?&body=Hi%20Anna%2C%20sorry")


def test_it_names_the_person_how_long_ago_the_time_left_the_reason_and_the_calls(user):
    reminder = reminder_for(user, calls=3, reason="About Sunday")

    payload = decoded(reminder, after=timedelta(hours=2, minutes=5))

    assert payload["title"] == "Call back Anna Weber"
    assert payload["body"] == (
        "Called 3 times, last 2 h 5 min ago\n21 h 55 min left\n“About Sunday”"
    )


def test_it_speaks_german_to_a_german_user(user):
    reminder = reminder_for(user, relationship=Relationship.WORK, reason="Angebot")

    payload = decoded(reminder, step="overdue", language="de", after=timedelta(hours=3))

    assert payload["title"] == "Überfällig: bei Anna Weber melden"
    assert payload["body"] == "Angerufen vor 3 Std.\nSeit 2 Std. überfällig\n„Angebot“"
    assert payload["require_interaction"] is True
    assert [a["title"] for a in payload["actions"]] == ["Anrufen", "SMS"]


def test_a_long_multibyte_reason_is_cut_to_fit_at_a_character(user):
    name = "Ærøskøbing-Ünterwaßer 😀" * 8
    reason = "😀Ω" * 500  # 3000 bytes of UTF-8 in 1000 characters
    # Their greeting goes into the suggested text, URL-encoded.
    reminder = reminder_for(user, name=name[:200], relationship=Relationship.CLIENT, reason=reason)
    Contact.objects.filter(pk=reminder.contact_id).update(greeting=name[:100])
    reminder.refresh_from_db()

    payload = decoded(reminder)

    body_reason = payload["body"].split("\n")[-1]
    assert body_reason.endswith("…”")
    kept = body_reason[1:-2]
    assert len(kept) > 100
    assert reason.startswith(kept)


def test_it_is_in_the_recipients_language_whatever_language_is_active(user):
    # A push is rendered in a worker, or while someone else's request is being answered:
    # the recipient's language decides, and the active one is left as it was.
    reminder = reminder_for(user)

    with translation.override("en"):
        german = decoded(reminder, language="de")
        active_after = translation.get_language()
    with translation.override("de"):
        english = decoded(reminder, language="en")

    assert german["title"] == "Anna Weber zurückrufen"
    assert english["title"] == "Call back Anna Weber"
    assert active_after == "en"
