"""One person per card: a shared number never merges two people, a number never drops
a person, and the report names every card with what became of it."""

import pytest

from accounts.services import preferences_update
from contacts.models import Contact, PhoneNumber
from contacts.services import contact_create
from tests.contacts.importing import upload

HOUSEHOLD = b"""BEGIN:VCARD\r
VERSION:3.0\r
FN:Max Mustermann\r
TEL;TYPE=HOME:+49 30 2345678\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Erika Mustermann\r
TEL;TYPE=HOME:+49 30 2345678\r
TEL;TYPE=CELL:+49 171 2345678\r
BDAY:1964-08-12\r
END:VCARD\r
"""
OMA = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Oma Berlin\r\nTEL:030 1234567\r\nEND:VCARD\r\n"


@pytest.fixture
def region(user):
    def set_region(code: str) -> None:
        preferences_update(user=user, phone_region=code)

    set_region("DE")
    return set_region


def test_two_people_who_share_a_landline_are_two_contacts(api, region):
    response = upload(api, "household.vcf", HOUSEHOLD)

    body = response.json()
    assert (body["created"], body["updated"]) == (2, 0)
    erika = Contact.objects.get(name="Erika Mustermann")
    assert set(erika.numbers.values_list("number", flat=True)) == {"+49302345678", "+491712345678"}
    assert erika.dates.get().yearly.iso() == "1964-08-12"
    max_ = Contact.objects.get(name="Max Mustermann")
    assert list(max_.numbers.values_list("number", flat=True)) == ["+49302345678"]
    # The report proposes the possible duplicate instead of merging it.
    assert [card["similar"] for card in body["cards"]] == ["", "Max Mustermann"]


def test_a_shared_number_on_a_contact_already_there_makes_a_new_person(api, user, region):
    contact_create(owner=user, name="Max Mustermann", numbers=[("+49 30 2345678", "home")])

    body = upload(api, "household.vcf", HOUSEHOLD).json()

    assert [(card["name"], card["result"]) for card in body["cards"]] == [
        ("Max Mustermann", "unchanged"),
        ("Erika Mustermann", "created"),
    ]
    assert upload(api, "household.vcf", HOUSEHOLD).json()["unchanged"] == 2


def test_a_number_that_cannot_be_read_for_the_region_keeps_the_person(api, region):
    region("US")

    body = upload(api, "oma.vcf", OMA).json()

    assert (body["created"], body["skipped"]) == (1, [])
    phone = PhoneNumber.objects.get(contact__name="Oma Berlin")
    assert (phone.number, phone.needs_country_code) == ("030 1234567", True)
    assert body["cards"] == [
        {
            "index": 1,
            "name": "Oma Berlin",
            "result": "created",
            "problems": [
                {"value": "030 1234567", "reason": "kept as written: needs a country code"}
            ],
            "similar": "",
        }
    ]
    # Imported again: the same, flagged number is the same person.
    assert upload(api, "oma.vcf", OMA).json()["unchanged"] == 1


def test_the_contact_shows_the_number_as_needing_a_country_code(api, region):
    region("US")
    upload(api, "oma.vcf", OMA)
    oma = Contact.objects.get()

    shown = api.get(f"/api/contacts/{oma.pk}/").json()["numbers"]
    kept = api.patch(
        f"/api/contacts/{oma.pk}/", {"numbers": [{"number": "030 1234567"}]}, format="json"
    )
    fixed = api.patch(
        f"/api/contacts/{oma.pk}/", {"numbers": [{"number": "+49 30 1234567"}]}, format="json"
    )

    assert shown[0]["needs_country_code"] is True and shown[0]["display"] == "030 1234567"
    assert kept.status_code == 200
    assert fixed.status_code == 200
    assert fixed.json()["numbers"][0]["needs_country_code"] is False
    assert fixed.json()["numbers"][0]["number"] == "+49301234567"


def test_each_dropped_number_is_reported_and_the_rest_kept(api, region):
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Seven\r\n"
        + b"".join(b"TEL:+49 30 123456%d\r\n" % i for i in range(5))
        + b"TEL:n/a\r\nTEL:12\r\nEND:VCARD\r\n"
    )

    body = upload(api, "seven.vcf", card).json()

    assert Contact.objects.get().numbers.count() == 5
    assert body["cards"][0]["problems"] == [
        {"value": "n/a", "reason": "not a phone number"},
        {"value": "12", "reason": "not a phone number"},
    ]


def test_a_dry_run_lists_every_card_by_name(api, region):
    body = upload(api, "household.vcf", HOUSEHOLD, query="?dry_run=1").json()

    assert [(c["index"], c["name"], c["result"]) for c in body["cards"]] == [
        (1, "Max Mustermann", "created"),
        (2, "Erika Mustermann", "created"),
    ]
    assert not Contact.objects.exists()


def test_a_card_with_thousands_of_numbers_keeps_fifty_and_says_so(api, region):
    numbers = b"".join(b"TEL:+49 30 %07d\r\n" % (1000000 + i) for i in range(10_000))
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many\r\n" + numbers + b"END:VCARD\r\n"

    body = upload(api, "many.vcf", card).json()

    assert Contact.objects.get().numbers.count() == 50
    assert body["cards"][0]["problems"] == [
        {"value": "9950 numbers", "reason": "left out: a card takes at most 50 numbers"}
    ]


def test_an_extension_and_dtmf_digits_are_kept(api, region):
    card = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Office\r\n"
        b"TEL;VALUE=uri:tel:+49-30-1234567;ext=89\r\nTEL:+49 40 1234567p123#\r\nEND:VCARD\r\n"
    )

    upload(api, "office.vcf", card)

    assert list(PhoneNumber.objects.values_list("number", "extension")) == [
        ("+49301234567", "89"),
        ("+49401234567", "p123#"),
    ]
