"""An independent reading of a file of contacts, to check the import against: vCards
through python vobject, CSV through Python's csv module and the column names each
exporter documents. Nothing here comes from contacts.importing: where the two disagree,
one of them is wrong, and the corpus test lists each such card.

What a card says about its person, as the import promises to keep it: the name (FN, else
the N parts, else the organisation, else the first e-mail); every number in E.164, or as
written and flagged when it cannot be read for the user's region (fewer than 3 digits:
no number); the first valid e-mail; the birthday; every anniversary.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

import phonenumbers
import vobject
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_NUMBERS = 50


@dataclass
class Person:
    name: str
    # (number, needs a country code): E.164, or as written when it cannot be read.
    numbers: set[tuple[str, bool]] = field(default_factory=set)
    email: str = ""
    # Every valid e-mail address (a contact keeps the first; the report lists the others).
    emails: set[str] = field(default_factory=set)
    birthday: tuple[int, int, int | None] | None = None
    anniversaries: set[tuple[int, int]] = field(default_factory=set)


def _text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data[:200].count(0) >= len(data[:200]) // 3 and len(data) >= 4:
        return data.decode("utf-16-be" if data[0] == 0 else "utf-16-le")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Cards of several encodings in one file: each line in UTF-8 where it is that.
        return "".join(_line(line) for line in data.splitlines(keepends=True))


def _line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def repaired(text: str) -> str:
    """The one repair vobject needs for what Android and Outlook write (as RFC 2045 has
    it): a quoted-printable line broken by a soft line break ("=" at its end) is one."""
    joined: list[str] = []
    soft_break = False
    for line in text.splitlines(keepends=True):
        if soft_break:
            joined[-1] = joined[-1].rstrip("\r\n")[:-1] + line
        else:
            joined.append(line)
        last = joined[-1]
        soft_break = "QUOTED-PRINTABLE" in last.upper() and last.rstrip("\r\n").endswith("=")
    return "".join(joined)


def _name(text: str) -> str:
    return " ".join(text.split())[:200]


# A DTMF or extension tail after the number: "p89", "w1", ",89".
_TAIL = re.compile(r"^(.*?\d)\s*[pPwW,].*$")


def number(raw: str, region: str) -> tuple[str, bool] | None:
    """The number as the import must keep it; None for no number at all."""
    written = " ".join(raw.removeprefix("tel:").split())
    text = written.split(";")[0] if written.startswith("+") and ";ext=" in written else written
    if match := _TAIL.match(text):
        text = match[1]
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region)
        if len(written) <= 40 and phonenumbers.is_valid_number(parsed):
            parsed.extension = None
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), False
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", written)
    return (written, True) if len(written) <= 40 and len(digits) >= 3 else None


def valid_emails(values: list[str]) -> set[str]:
    return {value.lower() for value in values if first_email([value])}


def first_email(values: list[str]) -> str:
    for value in values:
        try:
            validate_email(value)
        except ValidationError:
            continue
        if len(value) <= 254:
            return value
    return ""


_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
# Outlook's CSV writes the day as the exporting Windows writes dates: 3/22/1980 (USA),
# 22/03/1980 (UK and most others), 22.03.1980 (Germany).
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


def day(text: str, omit_year: str = "") -> tuple[int, int, int | None] | None:
    text = text.strip()
    try:
        if match := _NO_YEAR.match(text):
            date(2000, int(match[1]), int(match[2]))
            return int(match[1]), int(match[2]), None
        if match := _SLASHED.match(text):
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            month, day_ = (second, first) if first > 12 else (first, second)
            return month, day_, date(year, month, day_).year
        if match := _DOTTED.match(text):
            found = date(int(match[3]), int(match[2]), int(match[1]))
            return found.month, found.day, found.year
        if match := _DAY.match(text):
            found = date(int(match[1]), int(match[2]), int(match[3]))
            year = None if str(found.year) == omit_year else found.year
            return found.month, found.day, year
    except ValueError:
        pass  # no such day
    return None


# vCard properties that hold an anniversary, by the exporters that write them.
ANNIVERSARIES = (
    "anniversary",
    "x-anniversary",
    "x-ms-anniversary",
    "x-evolution-anniversary",
    "x-kaddressbook-x-anniversary",
)


def _values(card, name: str) -> list:
    return card.contents.get(name, [])


def _string(value) -> str:
    return value if isinstance(value, str) else ""


def _vcard_name(card) -> str:
    for line in _values(card, "fn"):
        if name := _name(_string(line.value)):
            return name
    for line in _values(card, "n"):
        n = line.value
        if isinstance(n, vobject.vcard.Name):
            parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
            flat = [" ".join(p) if isinstance(p, list) else p for p in parts]
            if name := _name(" ".join(flat)):
                return name
    for line in _values(card, "org"):
        org = line.value if isinstance(line.value, list) else [line.value]
        if name := _name(" ".join(org)):
            return name
    return ""


def _omit_year(line) -> str:
    return (line.params.get("X-APPLE-OMIT-YEAR") or [""])[0]


def _vcard_person(card, region: str) -> Person | None:
    emails = [_string(line.value).strip() for line in _values(card, "email")]
    name = _vcard_name(card) or _name(first_email(emails))
    if not name:
        return None
    person = Person(name=name, email=first_email(emails), emails=valid_emails(emails))
    for line in _values(card, "tel")[:MAX_NUMBERS]:
        if (found := number(_string(line.value), region)) is not None:
            person.numbers.add(found)
    for line in _values(card, "bday")[:1]:
        person.birthday = day(_string(line.value), _omit_year(line))
    labels = {
        line.group.lower(): _string(line.value).lower()
        for line in _values(card, "x-ablabel")
        if line.group
    }
    found_days = [
        day(_string(line.value), _omit_year(line))
        for key in ANNIVERSARIES
        for line in _values(card, key)
    ]
    found_days += [
        day(_string(line.value), _omit_year(line))
        for line in _values(card, "x-abdate")
        if "anniversary" in labels.get((line.group or "").lower(), "")
    ]
    for line in _values(card, "x-android-custom"):
        parts = _string(line.value).replace("\\;", ";").split(";")
        if parts[0] == "vnd.android.cursor.item/contact_event" and parts[2:3] == ["1"]:
            found_days.append(day(parts[1]))
    person.anniversaries = {(d[0], d[1]) for d in found_days if d is not None}
    return person


def vcard_people(data: bytes, region: str) -> list[Person]:
    """Every person vobject finds; an exception where it cannot read the file."""
    people = []
    for card in vobject.readComponents(repaired(_text(data)), ignoreUnreadable=True):
        if card.name.upper() == "VCARD" and (person := _vcard_person(card, region)):
            people.append(person)
    return people


# The columns that name a person, hold numbers and e-mails, as Google (contacts.google.com
# → Export → Google CSV), Outlook (desktop, web) and Thunderbird document their exports.
CSV_WHOLE_NAMES = ("Name", "Display Name")
CSV_NAME_PARTS = ("Title", "First Name", "Middle Name", "Last Name", "Given Name")
CSV_NAME_PARTS += ("Additional Name", "Family Name", "Suffix")
CSV_ORGANISATIONS = ("Organization Name", "Organization", "Company")
CSV_NUMBERS = (
    "Mobile Phone", "Primary Phone", "Home Phone", "Home Phone 2", "Business Phone",
    "Business Phone 2", "Company Main Phone", "Car Phone", "Other Phone", "Pager",
    "Assistant's Phone", "Home Fax", "Business Fax", "Home Mobile", "Mobile Number",
    "Work Phone", "Fax Number", "Pager Number",
)  # fmt: skip
CSV_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Email Home")
CSV_EMAILS += ("Email Work", "Email Other", "Primary Email", "Secondary Email")
_GOOGLE = re.compile(r"^(Phone|E-mail|Event) (\d+) - (Value|Type|Label)$")


def _csv_person(row: dict[str, str], region: str) -> Person | None:
    get = lambda key: (row.get(key) or "").strip()  # noqa: E731
    google: dict[tuple[str, int], dict[str, str]] = {}
    for key, value in row.items():
        if (match := _GOOGLE.match(key or "")) and value:
            google.setdefault((match[1], int(match[2])), {})[match[3]] = value
    numbers = [v for (kind, _n), f in sorted(google.items()) if kind == "Phone" for v in
               f.get("Value", "").split(" ::: ")]  # fmt: skip
    numbers += [get(key) for key in CSV_NUMBERS if get(key)]
    emails = [v.strip() for (kind, _n), f in sorted(google.items()) if kind == "E-mail"
              for v in f.get("Value", "").split(" ::: ")]  # fmt: skip
    emails += [get(key) for key in CSV_EMAILS if get(key)]
    name = next((_name(get(k)) for k in CSV_WHOLE_NAMES if get(k)), "")
    name = name or _name(" ".join(get(k) for k in CSV_NAME_PARTS if get(k)))
    name = name or next((_name(get(k)) for k in CSV_ORGANISATIONS if get(k)), "")
    name = name or _name(first_email(emails))
    if not name:
        return None
    person = Person(name=name, email=first_email(emails), emails=valid_emails(emails))
    person.numbers = {n for v in numbers[:MAX_NUMBERS] if v.strip() and (n := number(v, region))}
    person.birthday = day(get("Birthday")) if get("Birthday") else None
    if get("Birth Month") and get("Birth Day"):
        year = int(get("Birth Year")) if get("Birth Year").isdigit() else None
        person.birthday = (int(get("Birth Month")), int(get("Birth Day")), year)
    events = [f for (kind, _n), f in sorted(google.items()) if kind == "Event"]
    for event in events:
        kind = (event.get("Type") or event.get("Label") or "").lstrip("* ").lower()
        if kind == "anniversary" and (found := day(event.get("Value", ""))):
            person.anniversaries.add(found[:2])
    if get("Anniversary") and (found := day(get("Anniversary"))):
        person.anniversaries.add(found[:2])
    return person


def csv_people(data: bytes, region: str) -> list[Person]:
    text = _text(data).lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    people = []
    for row in reader:
        filled = any((v or "").strip() for v in row.values() if isinstance(v, str))
        if filled and (person := _csv_person(row, region)):
            people.append(person)
    return people
