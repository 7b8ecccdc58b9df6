"""The import's merge rules, dry run, limits and who may import."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.importing import service
from contacts.importing.prepass import MAX_VALUE_CHARS
from contacts.models import Contact
from contacts.services import DateInput, contact_create
from tests.contacts.importing import counts, queries, sample, upload

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
ANNA = b"""BEGIN:VCARD\r
VERSION:3.0\r
FN:Anna S.\r
TEL;TYPE=CELL:+49 170 1234567\r
TEL;TYPE=WORK:+49 89 12345678\r
EMAIL:anna@example.org\r
NOTE:From the phone\r
BDAY:1985-03-22\r
ANNIVERSARY:2010-05-20\r
END:VCARD\r
"""


@pytest.fixture(autouse=True)
def _in_germany(user):
    preferences_update(user=user, phone_region="DE")


def test_a_dry_run_reports_the_same_and_stores_nothing(api):
    dry = upload(api, "android.vcf", query="?dry_run=true")

    assert dry.status_code == 200
    assert counts(dry.json()) == {"created": 3, "updated": 0, "unchanged": 0, "skipped": []}
    assert not Contact.objects.exists()
    assert upload(api, "android.vcf").json() == dry.json()


def test_a_matching_number_adds_what_is_missing_and_never_overwrites(api, user):
    typed = contact_create(
        owner=user,
        name="Anna",
        relationship="friend",
        numbers=[("0170 1234567", "private")],
        notes="Typed by me",
        dates=[DateInput(kind="birthday", yearly=YearlyDate(3, 22))],
    )

    response = upload(api, "anna.vcf", ANNA)

    assert counts(response.json()) == {"created": 0, "updated": 1, "unchanged": 0, "skipped": []}
    typed.refresh_from_db()
    assert (typed.name, typed.relationship, typed.notes) == ("Anna", "friend", "Typed by me")
    assert typed.email == "anna@example.org"
    assert dict(typed.numbers.values_list("number", "label")) == {
        "+491701234567": "private",
        "+498912345678": "work",
    }
    # Her birthday was there (without the year): it stays; the anniversary is new.
    assert {(d.kind, d.yearly) for d in typed.dates.all()} == {
        ("birthday", YearlyDate(3, 22)),
        ("anniversary", YearlyDate(5, 20, 2010)),
    }
    assert upload(api, "anna.vcf", ANNA).json()["unchanged"] == 1


def test_a_matching_e_mail_is_the_same_person(api, user):
    typed = contact_create(owner=user, name="Anna", email="ANNA@example.org")

    assert upload(api, "anna.vcf", ANNA).json()["updated"] == 1
    assert Contact.objects.get() == typed
    assert typed.numbers.count() == 2


def test_the_same_person_twice_in_one_file_is_one_contact(api):
    second = ANNA.replace(b"Anna S.", b"Anna Schmidt").replace(b"NOTE:From the phone\r\n", b"")
    second = second.replace(b"EMAIL:anna@example.org", b"EMAIL:anna@work.example")
    response = upload(api, "twice.vcf", ANNA + second + ANNA)

    assert counts(response.json()) == {"created": 1, "updated": 0, "unchanged": 2, "skipped": []}
    anna = Contact.objects.get()
    assert (anna.name, anna.email, anna.notes) == ("Anna S.", "anna@example.org", "From the phone")
    assert anna.numbers.count() == 2
    assert anna.dates.count() == 2


def test_a_person_in_a_later_batch_of_the_file_is_matched_too(api, monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 1)
    extra = ANNA.replace(b"Anna S.", b"Anna").replace(b"TEL;TYPE=WORK:+49 89 12345678\r\n", b"")
    extra = extra.replace(b"TEL;TYPE=CELL:+49 170 1234567", b"TEL;TYPE=HOME:+49 30 5556667")

    response = upload(api, "later.vcf", sample("android.vcf") + ANNA + extra)

    # Anna of android.vcf has +49 170 1234567: ANNA completes her; the last card, by
    # e-mail, adds its number to her too.
    assert counts(response.json()) == {"created": 3, "updated": 2, "unchanged": 0, "skipped": []}
    anna = Contact.objects.get(name="Anna Schmidt")
    assert set(anna.numbers.values_list("number", flat=True)) == {
        "+491701234567",
        "+498912345678",
        "+49305556667",
    }


def test_the_relationship_applies_to_the_new_contacts_of_the_file(api, user):
    contact_create(owner=user, name="Jürgen", numbers=[("0151 23456789", "")])

    upload(api, "android.vcf", relationship="family")

    assert dict(Contact.objects.values_list("name", "relationship")) == {
        "Jürgen": "other",
        "Anna Schmidt": "family",
        "Pizzeria Da Enzo": "family",
    }


def test_imported_family_start_their_keep_in_touch_rhythm(api, user):
    with time_machine.travel(NOW, tick=False):
        upload(api, "android.vcf", relationship="family")

    due = set(Contact.objects.values_list("next_touch_due", flat=True))
    assert due == {NOW + timedelta(days=14)}  # the family rhythm, counted from the import
    assert len(Contact.objects.all()) == 3


@pytest.mark.parametrize(
    ("form", "query", "field"),
    [({"relationship": "boss"}, "", "relationship"), ({}, "?dry_run=maybe", "dry_run")],
)
def test_bad_input_is_a_400_naming_the_field(api, form, query, field):
    response = upload(api, "android.vcf", query=query, **form)

    assert response.status_code == 400
    assert field in response.json()
    assert not Contact.objects.exists()


def test_no_file_is_a_400_naming_the_field(api):
    response = api.post("/api/contacts/import/", {"relationship": "other"}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()


def test_a_file_over_the_size_limit_is_a_400_naming_the_limit(api, settings):
    settings.CONTACT_IMPORT_MAX_BYTES = 1000

    response = upload(api, "big.vcf", ANNA * 20)

    assert response.status_code == 400
    assert response.json()["file"] == ["A file may have at most 1000\xa0bytes."]
    assert not Contact.objects.exists()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read_naming_the_limit(api):
    response = upload(api, "huge.vcf", b"x" * (6 * 1024 * 1024))

    assert response.status_code == 400
    assert response.json() == {"file": ["A file may have at most 5.0\xa0MB."]}


@pytest.mark.parametrize("csrf", [False, True])
def test_form_fields_over_the_upload_limit_are_a_json_400_naming_it(user, settings, csrf):
    """Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts the form's fields besides the file; the
    app's own request (CSRF checked, which reads the form first) gets JSON too."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = APIClient(enforce_csrf_checks=csrf)
    client.force_login(user)
    client.get("/api/auth/session/")
    token = client.cookies["csrftoken"].value if csrf else ""

    response = client.post(
        "/api/contacts/import/",
        {"file": SimpleUploadedFile("a.vcf", ANNA), "relationship": "x" * 2000},
        format="multipart",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request body is larger than the limit of 1000 bytes."}


def test_too_many_cards_is_a_400_that_says_so(api, monkeypatch):
    monkeypatch.setattr(service, "MAX_IMPORT_CARDS", 2)

    response = upload(api, "android.vcf")

    assert response.status_code == 400
    assert "at most 2" in response.json()["file"][0]
    assert not Contact.objects.exists()


def test_a_failure_midway_keeps_whole_batches_and_importing_again_completes_it(
    api, user, monkeypatch
):
    # Batches commit one by one so that the database is never held for the whole file.
    write = service.contacts_create_many
    batches = []

    def crash_on_the_second_batch(**kwargs):
        batches.append(kwargs)
        if len(batches) == 2:
            raise RuntimeError("the database went away")
        write(**kwargs)

    monkeypatch.setattr(service, "BATCH_SIZE", 1)
    monkeypatch.setattr(service, "contacts_create_many", crash_on_the_second_batch)

    with pytest.raises(RuntimeError):
        service.contacts_import(owner=user, data=sample("android.vcf"))

    # The first card is whole; the second card's batch was rolled back entirely.
    assert list(Contact.objects.values_list("name", flat=True)) == ["Jürgen Müller"]
    monkeypatch.setattr(service, "contacts_create_many", write)
    report = service.contacts_import(owner=user, data=sample("android.vcf"))
    assert (report.created, report.unchanged) == (2, 1)
    assert Contact.objects.count() == 3


def test_a_dry_run_writes_nothing_at_all(api, user, django_assert_max_num_queries):
    contact_create(owner=user, name="Anna S.", numbers=[("+49 170 1234567", "")])

    with django_assert_max_num_queries(6):
        report = service.contacts_import(owner=user, data=sample("android.vcf"), dry_run=True)

    assert (report.created, report.updated) == (2, 1)


def test_a_token_cannot_import(token_api):
    response = upload(token_api, "android.vcf")

    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_the_import_finds_matches_without_a_query_per_existing_contact(
    api, user, other_api, other_user
):
    preferences_update(user=other_user, phone_region="DE")
    for position in range(30):
        number = f"+4930123456{position:02d}"
        contact_create(owner=user, name=f"P{position}", numbers=[(number, "")])

    with queries() as with_none:
        upload(other_api, "anna.vcf", ANNA)
    with queries() as with_thirty:
        upload(api, "anna.vcf", ANNA)

    assert len(with_thirty) == len(with_none) > 0


def test_an_import_makes_the_importers_own_contacts_and_leaves_others_alone(api, user, other_api):
    alices = contact_create(owner=user, name="Anna", numbers=[("+49 170 1234567", "")])

    response = upload(other_api, "anna.vcf", ANNA)

    assert response.json()["created"] == 1
    alices.refresh_from_db()
    assert (alices.email, alices.numbers.count()) == ("", 1)
    assert Contact.objects.exclude(owner=user).get().name == "Anna S."


def test_a_file_over_the_general_body_limit_but_within_the_import_limit_is_imported(api):
    # A phone's address book with photos is often more than the 1 MB an API body may be.
    note = "x" * 75
    big = ANNA.replace(b"NOTE:From the phone", ("NOTE:" + "\r\n ".join([note] * 28000)).encode())
    assert 2 * 1024 * 1024 < len(big) < 5 * 1024 * 1024

    response = upload(api, "big.vcf", big)

    assert response.status_code == 200
    assert response.json()["created"] == 1
    # No note a person writes is that long: it is cut to the longest a value may be,
    # and the report says so.
    assert len(Contact.objects.get().notes) == MAX_VALUE_CHARS
    assert response.json()["cards"][0]["problems"] == [
        {"value": "NOTE", "reason": "cut to 10000 characters"}
    ]


@pytest.mark.parametrize(
    "content",
    [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b'First Name\n"never closed\n' * 3],
)
def test_a_file_that_is_no_contacts_at_all_is_a_400_naming_the_file(api, content):
    response = upload(api, "photo.png", content)

    assert response.status_code == 400
    assert "file" in response.json()
    assert not Contact.objects.exists()


def test_the_relationship_may_come_in_the_query_string(api):
    upload(api, "android.vcf", query="?relationship=work")

    assert set(Contact.objects.values_list("relationship", flat=True)) == {"work"}


def test_numbers_kept_as_written_cost_no_query_each(api, user):
    """Numbers that cannot be read for the user's country (a US user's German address
    book) are read once by the import, not again, with a query for the region, each."""
    preferences_update(user=user, phone_region="US")

    def book(cards: int) -> bytes:
        return b"".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P{i}\r\nTEL:030 2{i:06d}\r\n"
            f"TEL:0151 1{i:07d}\r\nEND:VCARD\r\n".encode()
            for i in range(cards)
        )

    with queries() as two:
        upload(api, "two.vcf", book(2), query="?dry_run=true")
    with queries() as forty:
        upload(api, "forty.vcf", book(40), query="?dry_run=true")
    report = upload(api, "forty.vcf", book(40)).json()

    assert len(forty) == len(two) > 0
    assert report["created"] == 40
    assert Contact.objects.get(name="P3").numbers.filter(needs_country_code=True).count() == 2
