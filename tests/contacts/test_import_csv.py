"""CSV exports of Google Contacts and Outlook, by the header names those tools write."""

from contacts.dates import YearlyDate
from contacts.models import Contact, ContactDate
from tests.contacts.importing import counts, upload


def test_google_csv_with_several_numbers_in_a_cell_notes_and_events(api):
    response = upload(api, "google.csv")

    assert counts(response.json()) == {"created": 3, "updated": 0, "unchanged": 0, "skipped": []}
    sofia = Contact.objects.get(name="Sofia Rossi")
    assert dict(sofia.numbers.values_list("number", "label")) == {
        "+393471234567": "mobile",
        "+390669881234": "mobile",
        "+390272093456": "work",
    }
    assert sofia.email == "sofia.rossi@example.it"
    assert sofia.notes == "Neighbour, waters the plants.\nKey under the mat."
    assert {(d.kind, d.yearly) for d in sofia.dates.all()} == {
        ("birthday", YearlyDate(9, 9, 1988)),
        ("anniversary", YearlyDate(6, 6, 2015)),
    }
    practice = Contact.objects.get(name="Dr. Klein Zahnarztpraxis")
    assert list(practice.numbers.values_list("number", flat=True)) == ["+49302345678"]
    ben = Contact.objects.get(name="Ben Ito")
    assert ben.email == "ben.ito@example.jp"
    assert [d.yearly for d in ben.dates.all()] == [YearlyDate(12, 24)]


def test_outlook_csv_numbers_without_country_code_and_us_dates(api):
    # The account's numbers are American (the default region): (212) … is +1 212 ….
    response = upload(api, "outlook.csv")

    assert counts(response.json()) == {"created": 2, "updated": 0, "unchanged": 0, "skipped": []}
    mary = Contact.objects.get(name="Mary Jones")
    assert dict(mary.numbers.values_list("number", "label")) == {
        "+12127365000": "mobile",
        "+16502530000": "work",
    }
    assert mary.email == "mary.jones@example.com"
    assert mary.notes == "Prefers calls before noon."
    assert {(d.kind, d.yearly) for d in mary.dates.all()} == {
        ("birthday", YearlyDate(3, 10, 1962)),
        ("anniversary", YearlyDate(6, 11, 2005)),
    }
    tom = Contact.objects.get(name="Tom Baker")
    assert list(tom.numbers.values_list("number", flat=True)) == ["+17185550199"]
    assert not tom.dates.exists()  # Outlook's 0/0/00 is no day


def test_outlook_dates_as_windows_writes_them_outside_the_usa_and_a_bad_one_is_listed(api):
    rows = (
        "First Name,Last Name,Birthday,Anniversary\r\n"
        "Jane,Smith,20/01/1991,20/02/1992\r\n"
        "Jana,Schmidt,22.03.1980,0/0/00\r\n"
        "Jo,Nobody,31/31/1980,\r\n"
    )

    report = upload(api, "outlook.csv", rows.encode()).json()

    assert {(d.contact.name, d.kind, d.yearly) for d in ContactDate.objects.all()} == {
        ("Jane Smith", "birthday", YearlyDate(1, 20, 1991)),
        ("Jane Smith", "anniversary", YearlyDate(2, 20, 1992)),
        ("Jana Schmidt", "birthday", YearlyDate(3, 22, 1980)),
    }
    assert report["cards"][2]["problems"] == [{"value": "31/31/1980", "reason": "not a date"}]


def test_a_second_csv_import_creates_nothing(api):
    upload(api, "google.csv")
    upload(api, "outlook.csv")

    assert upload(api, "google.csv").json()["unchanged"] == 3
    assert upload(api, "outlook.csv").json()["unchanged"] == 2
    assert Contact.objects.count() == 5


def test_a_csv_of_something_else_is_a_400_naming_the_file(api):
    response = upload(api, "notes.csv", b"Title,Body\nShopping,Milk\n")

    assert response.status_code == 400
    assert "CSV" in response.json()["file"][0]
    assert not Contact.objects.exists()
