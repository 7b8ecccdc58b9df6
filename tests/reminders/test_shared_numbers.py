"""A number that several contacts share (a household's landline): a missed call from it
opens one reminder that asks who called, and one tap on a name makes it theirs."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from contacts.services import contact_create, contact_number_add
from reminders.models import MissedCall, Reminder, ReminderKind, Source
from reminders.services.calls import missed_call_record, reminder_caller_pick
from tests.factories import at

NOW = at("2026-06-10 09:00")
LANDLINE = "+49301234567"


@pytest.fixture(autouse=True)
def _german_numbers(settings):
    settings.PHONE_DEFAULT_REGION = "DE"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def household(user):
    max_ = contact_create(owner=user, name="Max Mustermann", numbers=[(LANDLINE, "home")])
    erika = contact_create(
        owner=user, name="Erika Mustermann", numbers=[(LANDLINE, "home")], relationship="family"
    )
    return max_, erika


def test_a_call_from_a_shared_number_opens_one_reminder_that_asks_who_called(
    frozen, user, household
):
    missed_call_record(owner=user, number="030 1234567", source=Source.API)
    missed_call_record(owner=user, number=LANDLINE, source=Source.API)

    reminder = Reminder.objects.get()
    assert (reminder.contact, reminder.kind, reminder.call_count) == (
        None,
        ReminderKind.IDENTIFY,
        2,
    )


def test_picking_who_called_makes_the_reminder_and_its_calls_theirs(frozen, user, household):
    _max, erika = household
    reminder = missed_call_record(owner=user, number=LANDLINE, source=Source.API).reminder

    reminder_caller_pick(reminder=reminder, contact=erika)

    reminder.refresh_from_db()
    assert (reminder.contact, reminder.kind) == (erika, ReminderKind.CALLBACK)
    assert list(MissedCall.objects.values_list("contact", flat=True)) == [erika.pk]


def test_a_number_saved_to_a_second_person_does_not_pick_for_the_user(frozen, user):
    reminder = missed_call_record(owner=user, number=LANDLINE, source=Source.API).reminder
    contact_create(owner=user, name="Max", numbers=[(LANDLINE, "")])
    reminder.refresh_from_db()
    assert reminder.contact is not None  # one person with the number: theirs

    erika = contact_create(owner=user, name="Erika")
    contact_number_add(contact=erika, number=LANDLINE)

    reminder.refresh_from_db()
    assert reminder.contact.name == "Max"


def test_someone_elses_contact_cannot_be_picked(frozen, user, other_user, household):
    reminder = missed_call_record(owner=user, number=LANDLINE, source=Source.API).reminder
    stranger = contact_create(owner=other_user, name="Stranger")

    with pytest.raises(ValidationError):
        reminder_caller_pick(reminder=reminder, contact=stranger)


def test_the_app_picks_who_called_in_one_request(frozen, api, user, other_user, household):
    _max, erika = household
    reminder = missed_call_record(owner=user, number=LANDLINE, source=Source.API).reminder
    stranger = contact_create(owner=other_user, name="Stranger")

    candidates = api.get("/api/contacts/", {"search": LANDLINE}).json()
    refused = api.post(
        f"/api/reminders/{reminder.pk}/caller/", {"contact": stranger.pk}, format="json"
    )
    picked = api.post(f"/api/reminders/{reminder.pk}/caller/", {"contact": erika.pk}, format="json")

    names = [c["name"] for c in candidates.get("results", candidates)]
    assert sorted(names) == ["Erika Mustermann", "Max Mustermann"]
    assert refused.status_code == 400 and "contact" in refused.json()
    assert picked.status_code == 200
    assert picked.json()["contact"]["name"] == "Erika Mustermann"


def test_another_users_reminder_is_not_found(frozen, other_api, user, household):
    reminder = missed_call_record(owner=user, number=LANDLINE, source=Source.API).reminder

    response = other_api.post(
        f"/api/reminders/{reminder.pk}/caller/", {"contact": 1}, format="json"
    )

    assert response.status_code == 404


def test_an_import_adopts_a_waiting_reminder_as_a_contact_made_by_hand(frozen, api, user):
    from tests.contacts.importing import upload

    reminder = missed_call_record(owner=user, number=LANDLINE, source=Source.API).reminder
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Oma\r\nTEL:+49 30 1234567\r\nEND:VCARD\r\n"

    upload(api, "oma.vcf", card)

    reminder.refresh_from_db()
    assert (reminder.contact.name, reminder.kind) == ("Oma", ReminderKind.CALLBACK)
    assert MissedCall.objects.get().contact == reminder.contact


def test_an_import_of_a_shared_landline_leaves_the_question_who_called(frozen, api, user):
    from tests.contacts.importing import upload

    reminder = missed_call_record(owner=user, number=LANDLINE, source=Source.API).reminder
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s\r\nTEL:+49 30 1234567\r\nEND:VCARD\r\n"

    upload(api, "two.vcf", card % b"Max" + card % b"Erika")

    reminder.refresh_from_db()
    assert (reminder.contact, reminder.kind) == (None, ReminderKind.IDENTIFY)
