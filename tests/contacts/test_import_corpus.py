"""The corpus: real vCard and CSV files that other open-source projects keep as test
fixtures (tests/contacts/corpus/MANIFEST.csv names each one's repository, path, commit
and licence), imported through the API for a user in Germany and one in the USA.

No file is a 5xx; a second import changes nothing; a dry run writes nothing; and every
person an independent reader (tests/contacts/independent.py: vobject, the csv module)
finds arrives whole: name, numbers, e-mail, birthday, anniversaries. Where the readers
disagree and the independent one is wrong, the exception is written below with why.
"""

import csv
from pathlib import Path

import pytest

from accounts.services import preferences_update
from contacts.models import Contact, ContactDate, PhoneNumber
from tests.contacts.importing import upload
from tests.contacts.independent import Person, csv_people, vcard_people

CORPUS = Path(__file__).parent / "corpus"
FILES = [row["file"] for row in csv.DictReader((CORPUS / "MANIFEST.csv").open())]
# Share of the people the independent reader finds that must arrive by name.
REQUIRED_SHARE = 0.98
# Files vobject cannot read at all, and why; the import reads each (the corpus test
# above), and the share below counts the person cards of the files vobject reads.
_VC = "VCards/src__FolkerKinzel.VCards.Tests__TestFiles__"
VOBJECT_CANNOT_READ = {
    f"{_VC}AnsiIssueInvalidEncoding.vcf": "CHARSET=blabla: vobject raises LookupError",
    f"{_VC}MultiAnsiFilterTests__Murks.vcf": "CHARSET=Murks: vobject raises LookupError",
    f"{_VC}Cropped_2_1.vcf": "a quoted-printable UTF-8 value cut inside a character",
    f"{_VC}Library_v2.vcf": "a base64 photo without padding: vobject decodes every photo",
    "ez-vcard/src__test__resources__ezvcard__io__text__John_Doe_ANDROID.vcf": (
        "an unindented base64 photo body (older exports): vobject decodes every photo"
    ),
    "ez-vcard/src__test__resources__ezvcard__io__text__John_Doe_LOTUS_NOTES.vcf": (
        "PROFILE:VCard: vobject refuses a card that names its profile"
    ),
    "kcontacts/autotests__data__vcard4.vcf": "N with list values: vobject's own TypeError",
    "khard/test__fixture__vcards__unparsable.vcf": "a card that never ends (khard's own test)",
    "roundcubemail/tests__src__thebat.vcf": (
        "CHARSET=windows-1251 quoted-printable in a UTF-8 declared value: UnicodeDecodeError"
    ),
}
_ANDROID = "android_frameworks_opt_vcard/tests__res__raw__"
_SHIFT_JIS = "vobject ignores CHARSET=SHIFT_JIS on an 8-bit value (reads it as the file's)"
_COMMA = "vobject cuts an FN at an unescaped comma (as Gmail and KDE write it)"
# Cards where the independent reader is wrong and the import right: (file, the card's
# place among the people vobject finds there) → (the card's real name, why); the card is
# checked under its real name.
INDEPENDENT_READER_WRONG: dict[tuple[str, int], tuple[str, str]] = {
    (f"{_ANDROID}v21_backslash.vcf", 0): (
        "A;B\\C;D:E\\\\",
        "vCard 2.1 escapes only \\; (Android's own test expects the other backslashes kept);"
        " vobject reads 3.0's escapes into it",
    ),
    (f"{_ANDROID}v21_japanese_1.vcf", 0): ("安藤ロイド", _SHIFT_JIS),
    (f"{_ANDROID}v21_japanese_2.vcf", 0): ("安藤 ロイド 1", _SHIFT_JIS),
    (f"{_ANDROID}v21_japanese_3.vcf", 0): ("伊能 圭一 伊予", _SHIFT_JIS),
    (f"{_ANDROID}v30_japanese.vcf", 0): ("伊能 圭一 伊予", _SHIFT_JIS),
    **{
        (f"{_ANDROID}v21_multiple_entry.vcf", n - 3): (f"安藤ロイド{n}", _SHIFT_JIS)
        for n in (3, 4, 5)
    },
    ("ez-vcard/src__test__resources__ezvcard__io__text__John_Doe_GMAIL.vcf", 0): (
        "Mr. John Richter, James Doe Sr.",
        _COMMA,
    ),
    ("kcontacts/autotests__data__vcard5.vcf", 0): ("Mustermann, Heiko", _COMMA),
}


def test_the_manifest_names_every_file_and_its_source():
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()}
    rows = list(csv.DictReader((CORPUS / "MANIFEST.csv").open()))
    assert on_disk - {"MANIFEST.csv"} == {row["file"] for row in rows}
    assert len(rows) >= 150
    assert all(row["repository"] and row["path"] and row["licence"] for row in rows)


def rows() -> tuple[int, int, int]:
    return (Contact.objects.count(), PhoneNumber.objects.count(), ContactDate.objects.count())


def stored_people(user, report: dict | None = None) -> dict[str, Person]:
    """What the import stored, by name: numbers, e-mails, birthdays and anniversaries of
    every contact of that name together (a person twice in a file is one contact); with
    the import's report, `emails` also holds the addresses it lists as not kept."""
    found: dict[str, Person] = {}
    contacts = Contact.objects.filter(owner=user).prefetch_related("numbers", "dates")
    for contact in contacts:
        person = found.setdefault(contact.name, Person(name=contact.name))
        person.numbers |= {(n.number, n.needs_country_code) for n in contact.numbers.all()}
        person.email = person.email or contact.email
        person.emails |= {contact.email.lower()} if contact.email else set()
        for row in contact.dates.all():
            if row.kind == "birthday":
                person.birthday = (row.month, row.day, row.year)
            elif row.kind == "anniversary":
                person.anniversaries.add((row.month, row.day))
    for card in (report or {}).get("cards", []):
        if card["name"] in found:
            found[card["name"]].emails |= {p["value"].lower() for p in card["problems"]}
    return found


def differences(expected: Person, stored: Person | None) -> list[str]:
    if stored is None:
        return ["missing"]
    wrong = []
    if lost := expected.numbers - stored.numbers:
        wrong.append(f"numbers {sorted(lost)} not in {sorted(stored.numbers)}")
    if expected.email and expected.email.lower() != stored.email.lower():
        wrong.append(f"e-mail {expected.email!r} is {stored.email!r}")
    if lost := expected.emails - stored.emails:
        wrong.append(f"e-mails {sorted(lost)} neither kept nor listed in the report")
    if expected.birthday and expected.birthday != stored.birthday:
        wrong.append(f"birthday {expected.birthday} is {stored.birthday}")
    if lost := expected.anniversaries - stored.anniversaries:
        wrong.append(f"anniversaries {sorted(lost)} not in {sorted(stored.anniversaries)}")
    return wrong


def independent_people(name: str, data: bytes, region: str) -> list[Person]:
    if name.endswith(".csv"):
        return csv_people(data, region)
    return vcard_people(data, region)


def imported(api, user, name: str, data: bytes) -> dict[str, Person] | None:
    """Import the file through the API: a dry run first (it writes nothing), then for
    real, then again (it changes nothing); what was stored, or None for a 400."""
    Contact.objects.filter(owner=user).delete()
    dry = upload(api, Path(name).name, data, query="?dry_run=1")
    assert dry.status_code in (200, 400), (name, dry.status_code)
    assert rows() == (0, 0, 0), name
    first = upload(api, Path(name).name, data)
    assert first.status_code == dry.status_code, name
    if first.status_code == 400:
        return None
    assert first.json()["created"] == dry.json()["created"], name
    stored = stored_people(user)
    before = rows()
    again = upload(api, Path(name).name, data).json()
    assert (again["created"], again["updated"]) == (0, 0), (name, again["cards"])
    assert (rows(), stored_people(user)) == (before, stored), name
    return stored_people(user, first.json())


@pytest.mark.parametrize("region", ["DE", "US"])
def test_every_person_arrives_whole_as_an_independent_reader_reads_them(api, user, region):
    """No file is a 5xx, a dry run writes nothing and a second import changes nothing;
    and each card that carries a person, as vobject reads it (CSV: the csv module and the
    documented columns), arrives with its name, all its numbers, e-mail, birthday and
    anniversaries. Every card the two readers disagree on is explained above."""
    preferences_update(user=user, phone_region=region)
    checked = right = 0
    misses: list[tuple[str, str, list[str]]] = []
    unreadable: dict[str, str] = {}
    for name in FILES:
        data = (CORPUS / name).read_bytes()
        stored = imported(api, user, name, data)
        try:
            people = independent_people(name, data, region)
        except Exception as error:
            unreadable[name] = f"{type(error).__name__}: {error}"
            continue
        for place, person in enumerate(people):
            if (name, place) in INDEPENDENT_READER_WRONG:
                person.name, _why = INDEPENDENT_READER_WRONG[name, place]
            checked += 1
            wrong = differences(person, (stored or {}).get(person.name))
            if wrong:
                misses.append((name, person.name, wrong))
            else:
                right += 1
    assert set(unreadable) == set(VOBJECT_CANNOT_READ), unreadable
    assert checked > 2000
    assert right / checked >= REQUIRED_SHARE, misses
    assert misses == []
