from datetime import timedelta
from urllib.parse import unquote

import pytest
import time_machine
from django.utils import timezone

from contacts.models import Channel, Contact, Relationship
from contacts.services import contact_create
from reminders.models import Outcome, Source
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record
from reminders.texts import (
    call_url,
    email_subject,
    email_url,
    span,
    suggested_text,
    text_url,
    words,
)
from tests.factories import at

NOW = at("2026-06-10 09:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def reminder_for(user, relationship, name="Anna Berg"):
    contact = contact_create(
        owner=user, name=name, relationship=relationship, numbers=[("+49301234567", "")]
    )
    return missed_call_record(owner=user, contact=contact, source=Source.API).reminder


@pytest.mark.parametrize(
    ("relationship", "language", "expected"),
    [
        (Relationship.FRIEND, "en", "Hi Anna, sorry I missed your call! I'll call you back soon."),
        # Work and clients: formal, and no greeting unless they have one (not the full name).
        (Relationship.CLIENT, "en", "Hello, sorry I missed your call. I will call you back"),
        (Relationship.DATE, "en", "I'd love to talk"),
        (Relationship.FAMILY, "de", "Hallo Anna, sorry, ich hab deinen Anruf verpasst!"),
        (Relationship.WORK, "de", "Guten Tag, leider habe ich Ihren Anruf verpasst."),
    ],
)
def test_the_suggested_text_fits_who_called_and_the_language(
    user, relationship, language, expected
):
    reminder = reminder_for(user, relationship)

    assert expected in suggested_text(reminder, language=language, now=timezone.now())


def test_an_unknown_number_gets_asked_who_it_was(user):
    reminder = missed_call_record(owner=user, number="+4989111222", source=Source.API).reminder

    assert "Who is this" in suggested_text(reminder, language="en", now=timezone.now())


def test_an_overdue_reminder_apologises_for_the_delay(user):
    reminder = reminder_for(user, Relationship.CLIENT)

    text = suggested_text(reminder, language="en", now=NOW + timedelta(hours=2))

    assert "I am sorry I did not get back to you sooner" in text


def test_after_a_failed_callback_it_apologises_and_says_when_the_user_is_free(user):
    reminder = reminder_for(user, Relationship.FRIEND)
    attempt_record(reminder=reminder, channel=Channel.CALL, outcome=Outcome.NO_ANSWER)
    reminder.refresh_from_db()

    text = suggested_text(reminder, language="en", now=NOW, free_from=at("2026-06-10 15:30"))

    assert text == (
        "Hi Anna, I tried to call you back. I'm free from 15:30 — call me then, or I'll try again."
    )


def test_links_open_the_dialler_messenger_and_mail_with_the_text_filled_in():
    body = "Hi Anna, sorry & thanks?"

    assert call_url("+49301234567") == "tel:+49301234567"
    sms = text_url("+49301234567", body)
    assert sms.startswith("sms:+49301234567?&body=")
    assert unquote(sms.split("body=")[1]) == body
    mail = email_url("anna@example.com", subject="Sorry", body=body)
    assert mail.startswith("mailto:anna@example.com?subject=Sorry&body=")
    assert call_url("") == text_url("", body) == ""


DU_FORMS = {"du", "dir", "dich", "dein", "deinen", "deine", "ruf"}


def _words(text: str) -> set[str]:
    return {word.strip(",.!?—„“").lower() for word in text.split()}


@pytest.mark.parametrize("overdue", [False, True])
def test_german_texts_to_a_formal_contact_say_sie_and_use_their_greeting(user, overdue):
    reminder = reminder_for(user, Relationship.FAMILY, name="Erika Schmidt")
    Contact.objects.filter(pk=reminder.contact_id).update(greeting="Frau Schmidt", formal=True)
    reminder.refresh_from_db()
    now = NOW + (timedelta(hours=30) if overdue else timedelta(0))

    text = suggested_text(reminder, language="de", now=now)

    assert text.startswith("Guten Tag Frau Schmidt,")
    assert "Sie" in text or "Ihnen" in text
    assert not _words(text) & DU_FORMS, text


def test_german_apologies_and_the_email_subject_follow_the_register(user):
    client = reminder_for(user, Relationship.CLIENT, name="Dr. Schmidt GmbH")
    attempt_record(reminder=client, channel=Channel.CALL, outcome=Outcome.NO_ANSWER)
    client.refresh_from_db()

    apology = suggested_text(client, language="de", now=NOW, free_from=at("2026-06-10 15:30"))

    assert apology.startswith("Guten Tag, ich habe versucht, Sie zurückzurufen.")
    assert not _words(apology) & DU_FORMS, apology
    assert email_subject(client, language="de") == "Entschuldigung, ich habe Ihren Anruf verpasst"


def test_a_friend_set_to_formal_is_written_to_formally_and_a_client_set_informal_not(
    user, other_user
):
    friend = reminder_for(user, Relationship.FRIEND, name="Anna Berg")
    client = reminder_for(other_user, Relationship.CLIENT, name="Kai (boss)")
    Contact.objects.filter(pk=friend.contact_id).update(formal=True)
    Contact.objects.filter(pk=client.contact_id).update(formal=False, greeting="Kai")
    friend.refresh_from_db()
    client.refresh_from_db()

    assert suggested_text(friend, language="de", now=NOW).startswith("Guten Tag Anna, leider")
    assert suggested_text(client, language="de", now=NOW).startswith(
        "Hallo Kai, sorry, ich hab deinen Anruf verpasst!"
    )


def test_the_contact_api_takes_the_greeting_and_the_register(api):
    response = api.post(
        "/api/contacts/",
        {"name": "Erika Schmidt", "greeting": "Frau Schmidt", "formal": True},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["greeting"], response.json()["formal"]) == ("Frau Schmidt", True)


@pytest.mark.parametrize(
    ("hours", "governed", "language", "expected"),
    [
        (20 * 24, True, "en", "20 days"),
        (20 * 24, False, "en", "20 days"),
        (3, True, "en", "3 h"),
        # German declines the days after "vor" and "seit", not after "noch".
        (20 * 24, True, "de", "20 Tagen"),
        (20 * 24, False, "de", "20 Tage"),
        (48, True, "de", "2 Tagen"),
    ],
)
def test_days_are_written_out_never_d(hours, governed, language, expected):
    assert span(timedelta(hours=hours), language, governed=governed) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Last in touch 20 days ago"), ("de", "Zuletzt vor 20 Tagen in Kontakt")],
)
def test_a_keep_in_touch_line_says_when_in_plain_words(user, language, expected):
    line = words(language)["last_touch"].format(
        span=span(timedelta(days=20), language, governed=True)
    )
    assert line == expected
