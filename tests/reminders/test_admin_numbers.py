"""The admin's lists show numbers as the session and the app do: national for the
owner's country, international for any other."""

import pytest
from django.contrib.auth.models import Group

from accounts.members import MEMBERS_GROUP
from accounts.services import preferences_update
from contacts.services import contact_create
from reminders.services.calls import missed_call_record
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    alice = StaffFactory(username="alice")
    alice.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    preferences_update(user=alice, phone_region="DE")
    client.force_login(alice)
    return alice


def test_it_lists_an_unknown_callers_number_in_the_owners_format(client, alice):
    missed_call_record(owner=alice, number="+49301234567")
    missed_call_record(owner=alice, number="+14155550123")

    for page in ("/admin/reminders/reminder/", "/admin/reminders/missedcall/"):
        text = client.get(page).content.decode()
        assert "030 1234567" in text, page
        assert "+1 415-555-0123" in text, page
        # As a cell's text (the row's checkbox label names the reminder as stored).
        assert "+49301234567<" not in text, page


def test_it_lists_a_contacts_numbers_in_the_owners_format(client, alice):
    contact_create(owner=alice, name="Anna", relationship="friend", numbers=[("+49301234567", "")])

    text = client.get("/admin/contacts/contact/").content.decode()

    assert "030 1234567" in text
    assert "+49 30 1234567" not in text


def test_a_record_page_shows_the_number_in_the_owners_format(client, alice):
    call = missed_call_record(owner=alice, number="+49301234567")

    for page in (
        f"/admin/reminders/reminder/{call.reminder.pk}/change/",
        f"/admin/reminders/missedcall/{call.pk}/change/",
    ):
        text = client.get(page).content.decode()
        assert "030 1234567" in text, page
        # Neither in the record's fields nor in its missed calls below.
        assert ">+49301234567<" not in text, page
