"""The corpus: real vCard and CSV files that other open-source projects keep as test
fixtures (tests/contacts/corpus/MANIFEST.csv names each one's repository, path, commit
and licence), imported through the API for a user in Germany and one in the USA.

No file is a 5xx; a second import changes nothing; a dry run writes nothing; and the
people an independent reader (vobject, where it can read a file) finds arrive by name.
"""

import csv
from pathlib import Path

import pytest
import vobject

from accounts.services import preferences_update
from contacts.importing.cards import clean_name
from contacts.importing.prepass import decode
from contacts.models import Contact, ContactDate, PhoneNumber
from tests.contacts.importing import upload

CORPUS = Path(__file__).parent / "corpus"
FILES = [row["file"] for row in csv.DictReader((CORPUS / "MANIFEST.csv").open())]
# Share of the people the independent reader finds that must arrive by name.
REQUIRED_SHARE = 0.98


def test_the_manifest_names_every_file_and_its_source():
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()}
    rows = list(csv.DictReader((CORPUS / "MANIFEST.csv").open()))
    assert on_disk - {"MANIFEST.csv"} == {row["file"] for row in rows}
    assert len(rows) >= 150
    assert all(row["repository"] and row["path"] and row["licence"] for row in rows)


def independent_names(data: bytes) -> list[str] | None:
    """The FN of every card as vobject reads them; None where it cannot read the file."""
    try:
        cards = list(vobject.readComponents(decode(data), ignoreUnreadable=True))
        found = []
        for card in cards:
            value = card.fn.value if "fn" in card.contents else ""
            if isinstance(value, str) and clean_name(value) and "\\" not in value:
                found.append(clean_name(value))
        return found
    except Exception:
        return None


def rows() -> tuple[int, int, int]:
    return (Contact.objects.count(), PhoneNumber.objects.count(), ContactDate.objects.count())


@pytest.mark.parametrize("region", ["DE", "US"])
def test_the_corpus_imports(api, user, region):
    preferences_update(user=user, phone_region=region)
    expected = found = 0
    missing: list[tuple[str, str]] = []
    for name in FILES:
        data = (CORPUS / name).read_bytes()
        Contact.objects.filter(owner=user).delete()

        dry = upload(api, Path(name).name, data, query="?dry_run=1")
        assert dry.status_code in (200, 400), (name, dry.status_code)
        assert rows() == (0, 0, 0), name
        first = upload(api, Path(name).name, data)
        assert first.status_code == dry.status_code, name
        if first.status_code == 400:
            continue
        assert first.json()["created"] == dry.json()["created"], name
        again = upload(api, Path(name).name, data).json()
        assert (again["created"], again["updated"]) == (0, 0), (name, again["cards"])

        names = set(Contact.objects.filter(owner=user).values_list("name", flat=True))
        for person in independent_names(data) or []:
            expected += 1
            if person in names:
                found += 1
            else:
                missing.append((name, person))
    assert expected > 100
    assert found / expected >= REQUIRED_SHARE, missing
