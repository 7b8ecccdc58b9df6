"""Real-world vCard dialects and encodings: each as an exporter writes it arrives with
the right name, numbers and days."""

import codecs

import pytest

from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.models import Contact
from tests.contacts.importing import upload


@pytest.fixture(autouse=True)
def _in_germany(user):
    preferences_update(user=user, phone_region="DE")


def card(*lines: str, version: str = "3.0") -> bytes:
    return (
        "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"
    ).encode()


def names() -> list[str]:
    return sorted(Contact.objects.values_list("name", flat=True))


def test_an_organisation_with_a_comma_and_no_name_is_named_after_it(api):
    upload(api, "org.vcf", card("FN:", "ORG:ACME, Inc.;Sales", "TEL:+49 30 1234567"))

    assert names() == ["ACME, Inc. Sales"]


def test_utf16_without_a_byte_order_mark_as_apple_writes_it(api):
    text = card("FN:Jürgen Müller", "TEL:+49 30 1234567").decode()

    for encoding in ("utf-16-le", "utf-16-be"):
        response = upload(api, "apple.vcf", text.encode(encoding))
        assert response.status_code == 200, response.json()

    assert names() == ["Jürgen Müller"]


def test_utf16_with_a_byte_order_mark(api):
    data = codecs.BOM_UTF16_LE + card("FN:Jürgen Müller").decode().encode("utf-16-le")

    upload(api, "bom.vcf", data)

    assert names() == ["Jürgen Müller"]


def test_the_character_set_is_each_propertys_own(api):
    japanese = "山田太郎".encode("shift_jis")
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:"
        + japanese
        + b"\r\nEND:VCARD\r\n"
        + card("FN:Jürgen Müller", version="2.1")
        + "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Zoë Ångström\r\nEND:VCARD\r\n".encode("latin-1")
    )

    upload(api, "mixed.vcf", data)

    assert names() == sorted(["山田太郎", "Jürgen Müller", "Zoë Ångström"])


def test_property_names_in_any_case_and_a_mixed_case_profile(api):
    upload(
        api,
        "case.vcf",
        card("PROFILE:VCard", "fn:Klein Geschrieben", "tel;type=cell:0151 23456789"),
    )

    person = Contact.objects.get()
    assert person.name == "Klein Geschrieben"
    assert list(person.numbers.values_list("number", "label")) == [("+4915123456789", "mobile")]


def test_a_nested_agent_card_keeps_the_outer_card_and_is_a_person_too(api):
    data = card(
        "FN:Chef",
        "AGENT:",
        "BEGIN:VCARD",
        "VERSION:2.1",
        "FN:Assistentin",
        "TEL:+49 30 7654321",
        "END:VCARD",
        "TEL:+49 30 1234567",
        version="2.1",
    )

    upload(api, "agent.vcf", data)

    chef = Contact.objects.get(name="Chef")
    assert list(chef.numbers.values_list("number", flat=True)) == ["+49301234567"]
    assert names() == ["Assistentin", "Chef"]


def test_cards_nested_without_agent_are_people_and_the_outer_card_goes_on(api):
    """Android's own test (v21_nest): cards inside a card, no AGENT before them."""
    data = card(
        "N:Eltern",
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N:Kind",
        "END:VCARD",
        "TEL:+49 30 1234567",
        version="2.1",
    )

    report = upload(api, "nest.vcf", data).json()

    assert (report["created"], report["skipped"]) == (2, [])
    assert names() == ["Eltern", "Kind"]
    eltern = Contact.objects.get(name="Eltern")
    assert list(eltern.numbers.values_list("number", flat=True)) == ["+49301234567"]


def test_a_card_cut_short_by_the_next_is_skipped_and_the_next_arrives(api):
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Halb\r\n" + card("FN:Ganz")

    report = upload(api, "cut.vcf", data).json()

    assert names() == ["Ganz"]
    assert [skipped["name"] for skipped in report["skipped"]] == ["Halb"]


def test_kde_and_android_anniversaries(api):
    upload(
        api,
        "dates.vcf",
        card("FN:KDE", "X-KADDRESSBOOK-X-Anniversary:1982-07-07")
        + card(
            "FN:Android",
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1999-07-10;1;;;;;;;;;;;;;",
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1970-01-02;3;;;;;;;;;;;;;",
            version="2.1",
        ),
    )

    kde, android = Contact.objects.get(name="KDE"), Contact.objects.get(name="Android")
    assert [(d.kind, d.yearly) for d in kde.dates.all()] == [
        ("anniversary", YearlyDate(7, 7, 1982))
    ]
    assert {(d.kind, d.yearly) for d in android.dates.all()} == {
        ("anniversary", YearlyDate(7, 10, 1999)),
        ("birthday", YearlyDate(1, 2, 1970)),
    }


def test_vcard_2_1_escapes_only_semicolons(api):
    upload(
        api, "escaping.vcf", card(r"FN:Back\slash\; and more", r"NOTE:C:\Users\n", version="2.1")
    )

    person = Contact.objects.get()
    assert (person.name, person.notes) == (r"Back\slash; and more", r"C:\Users\n")


def test_vcard_3_escapes_are_resolved(api):
    upload(api, "escaping.vcf", card(r"FN:Müller\, Hans", r"NOTE:one\ntwo\; three\\"))

    person = Contact.objects.get()
    assert (person.name, person.notes) == ("Müller, Hans", "one\ntwo; three\\")


def test_a_nul_byte_raw_or_quoted_printable_is_dropped(api):
    data = card("FN:Nul\x00l", "NOTE;ENCODING=QUOTED-PRINTABLE:a=00b", version="2.1")

    response = upload(api, "nul.vcf", data)

    assert response.status_code == 200
    person = Contact.objects.get()
    assert (person.name, person.notes) == ("Null", "ab")


def test_a_huge_folded_photo_is_unfolded_in_linear_time(api, django_assert_max_num_queries):
    # 4.9 MB of folded base64: a quadratic unfolding takes tens of seconds here.
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(["QUFB" * 18] * 67_000)
    data = card("FN:Foto", photo, "TEL:+49 30 1234567")
    assert len(data) > 4_800_000

    response = upload(api, "photo.vcf", data)

    assert response.status_code == 200
    assert names() == ["Foto"]


def test_thunderbird_csv_keeps_the_e_mails_numbers_and_birthday(api):
    data = (
        b"First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,"
        b"Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,"
        b"Birth Year,Birth Month,Birth Day,Notes\r\n"
        b"Hans,Meier,Hans Meier,,hans@example.org,h@example.org,"
        b"+49 30 1111111,,,,0151 23456789,1970,11,15,Nett\r\n"
    )

    upload(api, "thunderbird.csv", data)

    hans = Contact.objects.get()
    assert (hans.name, hans.email, hans.notes) == ("Hans Meier", "hans@example.org", "Nett")
    assert dict(hans.numbers.values_list("number", "label")) == {
        "+49301111111": "work",
        "+4915123456789": "mobile",
    }
    assert [d.yearly for d in hans.dates.all()] == [YearlyDate(11, 15, 1970)]


def test_german_outlook_csv(api):
    data = (
        "Vorname;Nachname;Mobiltelefon;E-Mail-Adresse;Geburtstag\r\n"
        "Jürgen;Müller;0171 2345678;jm@example.org;3/22/1980\r\n"
    ).encode("cp1252")

    upload(api, "outlook-de.csv", data)

    person = Contact.objects.get()
    assert (person.name, person.email) == ("Jürgen Müller", "jm@example.org")
    assert list(person.numbers.values_list("number", "label")) == [("+491712345678", "mobile")]
