"""vCards as Android, iPhone/macOS, Outlook, Google, Evolution and Thunderbird write them
(tests/contacts/samples/): every card's name, numbers, e-mail, notes and days arrive, and a
second import of the same file creates and changes nothing."""

import pytest

from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.models import Contact, ContactDate, PhoneNumber
from tests.contacts.importing import counts, upload


@pytest.fixture(autouse=True)
def _in_germany(user):
    # The samples' numbers without a country code are German ones.
    preferences_update(user=user, phone_region="DE")


def contact(name: str) -> Contact:
    return Contact.objects.get(name=name)


def numbers(person: Contact) -> dict[str, str]:
    return dict(person.numbers.values_list("number", "label"))


def days(person: Contact) -> set[tuple[str, YearlyDate]]:
    return {(row.kind, row.yearly) for row in person.dates.all()}


def test_android_quoted_printable_with_soft_line_breaks(api):
    response = upload(api, "android.vcf")

    assert counts(response.json()) == {"created": 3, "updated": 0, "unchanged": 0, "skipped": []}
    juergen = contact("Jürgen Müller")
    assert numbers(juergen) == {"+4915123456789": "mobile", "+49301234567": "home"}
    assert juergen.email == "juergen.mueller@example.de"
    assert juergen.notes == (
        "Kennt Oma aus dem Chor, spielt donnerstags Skat. Ruft meist abends an und möchte "
        "dann ausführlich reden."
    )
    assert days(juergen) == {("birthday", YearlyDate(7, 14, 1958))}
    anna = contact("Anna Schmidt")
    assert numbers(anna) == {"+491701234567": "mobile", "+498912345678": "work"}
    assert days(anna) == {("birthday", YearlyDate(3, 22))}
    assert numbers(contact("Pizzeria Da Enzo")) == {"+497112345678": "work"}
    assert {c.relationship for c in Contact.objects.all()} == {"other"}


def test_iphone_groups_labels_photos_and_a_birthday_without_its_year(api):
    response = upload(api, "iphone.vcf")

    assert counts(response.json()) == {"created": 2, "updated": 0, "unchanged": 0, "skipped": []}
    anna = contact("Anna Schmidt")
    assert numbers(anna) == {"+491701234567": "mobile", "+49403456789": "Praxis"}
    assert anna.email == "anna@example.org"
    assert anna.notes == "Lieblingskuchen: Käsekuchen, ohne Rosinen.\nAllergie: Nüsse"
    assert days(anna) == {
        ("birthday", YearlyDate(3, 22)),
        ("anniversary", YearlyDate(5, 20, 2010)),
    }
    # An older iPhone: the photo's base64 lines are not indented.
    paul = contact("Paul Wagner")
    assert numbers(paul) == {"+4917612345678": "iphone"}
    assert days(paul) == {("birthday", YearlyDate(11, 2, 1979))}


def test_outlook_windows_1252_basic_dates_and_ms_anniversary(api):
    response = upload(api, "outlook.vcf")

    assert counts(response.json()) == {"created": 1, "updated": 0, "unchanged": 0, "skipped": []}
    thomas = contact("Thomas Becker")
    assert numbers(thomas) == {"+49401234560": "work", "+491719876543": "mobile"}
    assert thomas.email == "t.becker@becker-soehne.example"
    assert thomas.notes == "Kunde seit 2015\nMöchte Preise vorher per Mail."
    assert days(thomas) == {
        ("birthday", YearlyDate(3, 10, 1962)),
        ("anniversary", YearlyDate(6, 11, 2005)),
    }


def test_google_comma_in_the_name_and_a_card_with_only_an_e_mail(api):
    response = upload(api, "google.vcf")

    assert counts(response.json()) == {"created": 2, "updated": 0, "unchanged": 0, "skipped": []}
    john = contact("Doe, John")
    assert numbers(john) == {"+16502530000": "mobile"}
    assert john.email == "john.doe@example.com"
    assert john.notes == "Met at the conference in Berlin, ask about the kids."
    assert days(john) == {
        ("birthday", YearlyDate(11, 30, 1975)),
        ("anniversary", YearlyDate(9, 14, 2003)),
    }
    friend = contact("newsletter-friend@example.net")
    assert friend.email == "newsletter-friend@example.net"
    assert numbers(friend) == {}


def test_evolution_folded_lines_lf_and_29_february(api):
    response = upload(api, "evolution.vcf")

    assert response.json()["created"] == 1
    claire = contact("Claire Dubois")
    assert numbers(claire) == {"+33612345678": "mobile", "+33142685300": "home"}
    assert claire.email == "claire.dubois@example.fr"
    assert claire.notes == (
        "Rencontrée à Lyon, parle allemand. Préfère les appels après 18 h, jamais le dimanche."
    )
    assert days(claire) == {
        ("birthday", YearlyDate(2, 29, 1984)),
        ("anniversary", YearlyDate(8, 18, 2012)),
    }


def test_thunderbird_vcard_4_with_tel_uris_and_a_day_without_a_year(api):
    response = upload(api, "thunderbird.vcf")

    assert response.json()["created"] == 2
    lena = contact("Lena Weber")
    assert numbers(lena) == {"+491605551234": "mobile", "+492211234567": "work"}
    assert lena.email == "lena.weber@example.de"
    assert lena.notes == "Kollegin aus Köln"
    assert days(lena) == {
        ("birthday", YearlyDate(1, 5, 1990)),
        ("anniversary", YearlyDate(7, 21, 2018)),
    }
    assert days(contact("Max Hoffmann")) == {("birthday", YearlyDate(4, 12))}


@pytest.mark.parametrize(
    ("name", "cards"),
    [
        ("android.vcf", 3),
        ("iphone.vcf", 2),
        ("outlook.vcf", 1),
        ("google.vcf", 2),
        ("evolution.vcf", 1),
        ("thunderbird.vcf", 2),
    ],
)
def test_a_second_import_of_the_same_file_creates_and_changes_nothing(api, name, cards):
    upload(api, name)
    before = (Contact.objects.count(), PhoneNumber.objects.count(), ContactDate.objects.count())

    response = upload(api, name)

    assert counts(response.json()) == {
        "created": 0,
        "updated": 0,
        "unchanged": cards,
        "skipped": [],
    }
    after = (Contact.objects.count(), PhoneNumber.objects.count(), ContactDate.objects.count())
    assert after == before


def test_a_broken_card_is_skipped_with_its_reason_and_the_rest_are_imported(api):
    response = upload(api, "broken.vcf")

    body = response.json()
    assert response.status_code == 200
    # A person is never dropped for a number: "Wrong Number" is kept without it.
    assert (body["created"], body["updated"], body["unchanged"]) == (3, 0, 0)
    assert [(s["index"], s["name"]) for s in body["skipped"]] == [(2, "Cut Short"), (3, "")]
    assert "END:VCARD" in body["skipped"][0]["reason"]
    assert "no name" in body["skipped"][1]["reason"]
    wrong = next(card for card in body["cards"] if card["name"] == "Wrong Number")
    assert wrong["problems"] == [{"value": "12", "reason": "not a phone number"}]
    assert set(Contact.objects.values_list("name", flat=True)) == {
        "Erika Mustermann",
        "Hans Meier",
        "Wrong Number",
    }
