"""The contacts' admin in German for a German owner: model, field, choice and action
names in German, not "contact ändern", "Relationship: Family" or "TOUCHS"."""

import pytest
from django.contrib.auth.models import Group

from accounts.members import MEMBERS_GROUP
from accounts.services import preferences_update
from contacts.services import contact_create
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(client):
    alice = StaffFactory(username="alice")
    alice.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    preferences_update(user=alice, language="de")
    client.force_login(alice)
    return contact_create(
        owner=alice, name="Anna", relationship="family", numbers=[("+49301234567", "")]
    )


def test_the_list_names_contacts_and_their_actions_in_german(client, anna):
    text = client.get("/admin/contacts/contact/").content.decode()

    assert "Ausgewählte Kontakte löschen" in text
    assert "Ausgewählte Kontakte archivieren" in text
    assert "Familie" in text
    for english in ("contacts löschen", ">Family<", ">Relationship<", "Archive selected"):
        assert english not in text


def test_the_change_form_names_fields_and_inlines_in_german(client, anna):
    text = client.get(f"/admin/contacts/contact/{anna.pk}/change/").content.decode()

    for german in ("Kontakt ändern", "Beziehung", "Telefonnummern", "Kontaktmomente", "Anrede"):
        assert german in text, german
    for english in ("contact ändern", "TOUCHS", "Touchs", ">Relationship:", "phone numbers"):
        assert english not in text, english
