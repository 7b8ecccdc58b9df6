"""Relationship rhythms in the admin: a member keeps in touch with everyone of a
relationship every so many days, as in the app's Settings; every contact follows."""

import pytest
from django.contrib.auth.models import Group

from accounts.members import MEMBERS_GROUP
from contacts.models import Contact, RelationshipRhythm
from contacts.services import contact_create
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    staff = StaffFactory(username="alice")
    staff.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    client.force_login(staff)
    return staff


def test_a_rhythm_added_in_the_admin_makes_its_contacts_due(client, alice):
    boss = contact_create(owner=alice, name="Boss", relationship="work")
    assert Contact.objects.get(pk=boss.pk).next_touch_due is None

    response = client.post(
        "/admin/contacts/relationshiprhythm/add/", {"relationship": "work", "days": "7"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    rhythm = RelationshipRhythm.objects.get(owner=alice, relationship="work")
    assert rhythm.days == 7
    assert Contact.objects.get(pk=boss.pk).next_touch_due is not None


def test_a_second_rhythm_for_one_relationship_is_a_form_error(client, alice):
    before = RelationshipRhythm.objects.get(owner=alice, relationship="family")

    response = client.post(
        "/admin/contacts/relationshiprhythm/add/", {"relationship": "family", "days": "3"}
    )

    assert response.status_code == 200
    assert "already has its rhythm" in response.content.decode()
    assert RelationshipRhythm.objects.get(pk=before.pk).days == before.days


def test_deleting_a_rhythm_leaves_its_contacts_without_one(client, alice):
    mum = contact_create(owner=alice, name="Mum", relationship="family")
    family = RelationshipRhythm.objects.get(owner=alice, relationship="family")
    assert Contact.objects.get(pk=mum.pk).next_touch_due is not None

    client.post(f"/admin/contacts/relationshiprhythm/{family.pk}/delete/", {"post": "yes"})

    assert not RelationshipRhythm.objects.filter(pk=family.pk).exists()
    assert Contact.objects.get(pk=mum.pk).next_touch_due is None
