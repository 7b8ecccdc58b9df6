"""GET /api/contacts/export.vcf: vCard 4.0 that imports back to the same contacts."""

import pytest
import vobject

from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.models import Contact
from contacts.services import DateInput, contact_create
from tests.contacts.importing import counts, upload


@pytest.fixture
def address_book(user):
    preferences_update(user=user, phone_region="DE")
    contact_create(
        owner=user,
        name="Doe, John",
        relationship="family",
        numbers=[
            ("+49 170 1234567", "mobile"),
            ("030 1234567", "praxis"),
            ("+44 20 7946 0958", ""),
        ],
        email="john@example.org",
        notes="Likes: tea, cake; dislikes calls\nbefore 9.",
        dates=[
            DateInput(kind="birthday", yearly=YearlyDate(2, 29, 1984)),
            DateInput(kind="anniversary", yearly=YearlyDate(5, 20)),
            DateInput(kind="other", yearly=YearlyDate(9, 1, 2020), label="Moved to Berlin"),
            DateInput(kind="anniversary", yearly=YearlyDate(8, 14, 1999)),
        ],
    )
    contact_create(owner=user, name="Only A Name", relationship="friend", archived=True)
    contact_create(owner=user, name="Mail Only", email="mail@example.org", relationship="client")


def snapshot(owner) -> list[tuple]:
    rows = []
    for contact in Contact.objects.filter(owner=owner).order_by("name"):
        rows.append(
            (
                contact.name,
                contact.relationship,
                contact.email,
                contact.notes,
                contact.archived,
                sorted(contact.numbers.values_list("number", "label", "extension")),
                sorted(contact.dates.values_list("kind", "label", "month", "day", "year")),
            )
        )
    return rows


def test_the_export_is_vcard_4_with_every_contact(api, address_book):
    response = api.get("/api/contacts/export.vcf")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    cards = list(vobject.readComponents(response.content.decode()))
    assert [card.version.value for card in cards] == ["4.0"] * 3
    john = next(card for card in cards if card.fn.value == "Doe, John")
    assert john.bday.value == "19840229"
    assert john.anniversary.value == "--0520"
    assert [t.value for t in john.contents["tel"]] == [
        "tel:+491701234567",
        "tel:+49301234567",
        "tel:+442079460958",
    ]
    assert john.contents["x-ringback-relationship"][0].value == "family"


def test_importing_the_export_again_changes_nothing(api, user, address_book):
    before = snapshot(user)
    exported = api.get("/api/contacts/export.vcf").content

    response = upload(api, "ringback-contacts.vcf", exported)

    assert counts(response.json()) == {"created": 0, "updated": 0, "unchanged": 3, "skipped": []}
    assert snapshot(user) == before


def test_the_export_imported_into_an_empty_account_makes_the_same_contacts(
    api, user, other_api, other_user, address_book
):
    exported = api.get("/api/contacts/export.vcf").content

    response = upload(other_api, "ringback-contacts.vcf", exported)

    assert response.json()["created"] == 3
    assert snapshot(other_user) == snapshot(user)


def test_a_token_cannot_export(token_api, address_book):
    assert token_api.get("/api/contacts/export.vcf").status_code == 403


def test_every_number_is_a_tel_uri_labelled_or_not(api, address_book):
    exported = api.get("/api/contacts/export.vcf").content.decode()

    john = vobject.readOne(exported)
    assert all(line.params.get("VALUE") == ["uri"] for line in john.contents["tel"])


def test_fn_and_note_carry_no_escaped_semicolon_and_lines_stay_short(api, user):
    # ical.js (Thunderbird) shows `\;` in a single text value literally.
    contact_create(owner=user, name="Doe; John", notes="Tea; cake; " + "ä" * 80)

    exported = api.get("/api/contacts/export.vcf").content

    text = exported.decode()
    assert "FN:Doe; John\r\n" in text
    assert "\\;" not in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    upload(api, "again.vcf", exported)
    again = Contact.objects.get()
    assert (again.name, again.notes) == ("Doe; John", "Tea; cake; " + "ä" * 80)
    assert vobject.readOne(text).fn.value == "Doe; John"
