"""The push and the API's reminder propose the same actions: both ask the rule book."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
import time_machine
from django.utils import timezone

from contacts.models import Channel, Relationship
from contacts.services import contact_create
from reminders.models import Outcome, Reminder, Source
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record
from tests.push_receiver import subscribe

pytestmark = pytest.mark.django_db


def unanswered(reminder: Reminder, times: int) -> None:
    for _ in range(times):
        attempt_record(reminder=reminder, channel=Channel.CALL, outcome=Outcome.NO_ANSWER)


def test_after_three_unanswered_callbacks_push_and_api_propose_the_same_email(
    user, api, receiver, dispatch
):
    device = subscribe(receiver, user)
    anna = contact_create(
        owner=user,
        name="Anna Weber",
        relationship=Relationship.FRIEND,
        email="anna@example.com",
        numbers=[("+4915112345678", "mobile")],
    )
    reminder = missed_call_record(owner=user, contact=anna, source=Source.API).reminder
    unanswered(reminder, 3)

    dispatch()
    pushed = receiver.delivered(device)[-1].payload
    listed = api.get(f"/api/reminders/{reminder.pk}/").json()

    assert [a["action"] for a in pushed["actions"]] == ["call", "email"]
    assert listed["actions"] == pushed["actions"]
    assert listed["proposal"] == "email"
    assert listed["failed_calls"] == 3
    call, email = listed["actions"]
    assert call["url"] == "tel:+4915112345678"
    assert email["url"].startswith("mailto:anna@example.com?subject=")
    # The apology in the e-mail names when the user is free: the retry's time.
    assert "I'm free from" in unquote(email["url"])


def test_after_two_unanswered_callbacks_both_propose_a_text_without_an_address(
    user, api, receiver, dispatch
):
    device = subscribe(receiver, user)
    ben = contact_create(
        owner=user, name="Ben", relationship=Relationship.WORK, numbers=[("+4930123456", "")]
    )
    reminder = missed_call_record(owner=user, contact=ben, source=Source.API).reminder
    unanswered(reminder, 3)

    dispatch()
    pushed = receiver.delivered(device)[-1].payload
    listed = api.get(f"/api/reminders/{reminder.pk}/").json()

    assert [a["action"] for a in listed["actions"]] == ["call", "text"]
    assert listed["actions"] == pushed["actions"]
    assert listed["proposal"] == "text"
    assert listed["text_url"] == listed["actions"][1]["url"]


def test_a_fresh_callback_proposes_to_call_and_offers_a_text(user, api):
    anna = contact_create(owner=user, name="Anna", numbers=[("+4915112345678", "")])
    reminder = missed_call_record(owner=user, contact=anna, source=Source.API).reminder

    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        listed = api.get(f"/api/reminders/{reminder.pk}/").json()

    assert listed["proposal"] == "call"
    assert [a["action"] for a in listed["actions"]] == ["call", "text"]
    assert listed["failed_calls"] == 0
