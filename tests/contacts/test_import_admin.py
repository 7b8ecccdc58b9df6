"""The admin's import page: the same import, into the signed-in user's own contacts."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.members import MEMBERS_GROUP
from contacts.models import Contact
from contacts.services import contact_create
from tests.contacts.importing import sample
from tests.factories import StaffFactory, UserFactory

URL = "/admin/contacts/contact/import/"


@pytest.fixture(autouse=True)
def _german_numbers(settings):
    settings.PHONE_DEFAULT_REGION = "DE"


@pytest.fixture
def alice(db):
    staff = StaffFactory(username="alice")
    staff.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return staff


def post(client, name="android.vcf", **form):
    data = {"relationship": "other", **form}
    data["file"] = SimpleUploadedFile(name, sample(name), content_type="text/vcard")
    return client.post(URL, data)


def test_the_contact_list_links_to_the_import(client, alice):
    client.force_login(alice)

    page = client.get(reverse("admin:contacts_contact_changelist")).content.decode()

    assert URL in page


def test_a_preview_imports_nothing_and_shows_the_report(client, alice):
    client.force_login(alice)

    response = post(client, dry_run="on")

    assert response.status_code == 200
    assert response.context["report"].created == 3
    assert 'data-count="created">3<' in response.content.decode()
    assert not Contact.objects.exists()


def test_a_member_imports_into_their_own_contacts_only(client, alice):
    bob = StaffFactory(username="bob")
    bobs = contact_create(owner=bob, name="Bob's Anna", numbers=[("+49 170 1234567", "")])
    client.force_login(alice)

    response = post(client)

    assert response.status_code == 200
    assert response.context["report"].created == 3
    assert set(Contact.objects.filter(owner=alice).values_list("name", flat=True)) == {
        "Jürgen Müller",
        "Anna Schmidt",
        "Pizzeria Da Enzo",
    }
    bobs.refresh_from_db()
    assert (bobs.name, bobs.numbers.count()) == ("Bob's Anna", 1)


def test_a_superuser_imports_into_their_own_account(client, alice):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    post(client, "thunderbird.vcf")

    assert set(Contact.objects.values_list("owner__username", flat=True)) == {"root"}


def test_a_file_that_is_no_contacts_is_a_form_error(client, alice):
    client.force_login(alice)
    data = {"relationship": "other", "file": SimpleUploadedFile("x.csv", b"Title,Body\na,b\n")}

    response = client.post(URL, data)

    assert response.status_code == 200
    assert "CSV" in str(response.context["form"].errors["file"])
    assert not Contact.objects.exists()


def test_staff_without_the_right_to_add_contacts_cannot_import(client, db):
    client.force_login(StaffFactory(username="carol"))

    assert post(client).status_code == 403
    assert not Contact.objects.exists()
