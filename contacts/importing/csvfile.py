"""Google Contacts and Outlook CSV exports to Cards, by the header names those tools write.

Google (contacts.google.com → Export → Google CSV) writes `First Name`, `Last Name`
(older exports: `Name`, `Given Name`, `Family Name`), numbered `Phone 1 - Label`/`Phone 1 -
Value` (older: `- Type`), `E-mail 1 - …`, `Event 1 - …` and `Birthday`; several values
in one cell are joined by ` ::: `. Outlook (File → Open & Export → Export to a file →
Comma Separated Values) writes one column per kind of number (`Mobile Phone`, `Home
Phone`…), `E-mail Address`, `Birthday`/`Anniversary` as M/D/YYYY (0/0/00 for none).
"""

import csv
import io
import re

from django.utils.translation import gettext as _

from contacts.dates import YearlyDate
from contacts.importing.cards import (
    Card,
    Entry,
    Problem,
    anniversary,
    birthday,
    clean_label,
    clean_name,
    parse_day,
)

_MULTIPLE = " ::: "
_GOOGLE_NUMBERED = re.compile(r"^(Phone|E-mail|Event) (\d+) - (Value|Type|Label)$")
# Outlook's number columns and the label each gets.
OUTLOOK_NUMBERS = {
    "Mobile Phone": "mobile",
    "Primary Phone": "main",
    "Home Phone": "home",
    "Home Phone 2": "home",
    "Business Phone": "work",
    "Business Phone 2": "work",
    "Company Main Phone": "work",
    "Car Phone": "car",
    "Other Phone": "other",
    "Pager": "pager",
    "Assistant's Phone": "assistant",
    "Home Fax": "fax",
    "Business Fax": "fax",
    "Home Mobile": "mobile",
    # Thunderbird (Tools → Export → CSV).
    "Mobile Number": "mobile",
    "Work Phone": "work",
    "Fax Number": "fax",
    "Pager Number": "pager",
    # Outlook in German.
    "Mobiltelefon": "mobile",
    "Telefon privat": "home",
    "Telefon privat 2": "home",
    "Telefon geschäftlich": "work",
    "Telefon geschäftlich 2": "work",
    "Haupttelefon": "main",
    "Weiteres Telefon": "other",
}
OUTLOOK_EMAILS = (
    "E-mail Address",
    "E-mail 2 Address",
    "E-mail 3 Address",
    "Email Home",
    "Email Work",
    "Email Other",
    # Thunderbird.
    "Primary Email",
    "Secondary Email",
    # Outlook in German.
    "E-Mail-Adresse",
    "E-Mail 2: Adresse",
    "E-Mail 3: Adresse",
)
_NAME_PARTS = ("First Name", "Middle Name", "Last Name", "Given Name", "Family Name")
_NAME_PARTS_DE = ("Vorname", "Weitere Vornamen", "Nachname")


class NotContacts(ValueError):
    """The file is no CSV export of contacts that this reads."""


def _label(text: str) -> str:
    # Google marks the primary value "* Mobile".
    return clean_label(text.lstrip("* "))


def _name(row: dict[str, str]) -> str:
    for whole in ("Name", "Display Name"):
        if row.get(whole):
            return clean_name(row[whole])
    parts = [row.get(key, "") for key in ("Title", *_NAME_PARTS, *_NAME_PARTS_DE, "Suffix")]
    name = clean_name(" ".join(part for part in parts if part))
    organisation = ("Organization Name", "Organization", "Company", "Firma")
    return name or clean_name(next((row[k] for k in organisation if row.get(k)), ""))


def _thunderbird_birthday(row: dict[str, str]) -> str:
    year, month, day = (row.get(f"Birth {part}") or "" for part in ("Year", "Month", "Day"))
    if not (month.isdigit() and day.isdigit()):
        return ""
    return (
        f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        if year.isdigit()
        else (f"--{int(month):02d}-{int(day):02d}")
    )


def _google_numbered(row: dict[str, str], card: Card) -> None:
    fields: dict[tuple[str, str], dict[str, str]] = {}
    for header, value in row.items():
        match = _GOOGLE_NUMBERED.match(header or "")
        if match and value:
            fields.setdefault((match[1], match[2]), {})[match[3]] = value
    for (kind, _position), parts in sorted(fields.items(), key=lambda item: int(item[0][1])):
        label = _label(parts.get("Label") or parts.get("Type") or "")
        values = [v.strip() for v in parts.get("Value", "").split(_MULTIPLE) if v.strip()]
        if kind == "Phone":
            card.numbers.extend((value, label) for value in values)
        elif kind == "E-mail":
            card.emails.extend(values)
        elif label == "anniversary":
            card.dates.extend(anniversary(day) for v in values[:1] if (day := parse_day(v)))


# What Outlook writes for "no day".
_NO_DAY = {"", "0/0/00", "00.00.0000"}


def _day(written: str, card: Card) -> YearlyDate | None:
    """The day written in a column; one that is no day is listed as left out."""
    day = parse_day(written)
    if day is None and written.strip() not in _NO_DAY:
        card.problems.append(Problem(written.strip()[:60], _("not a date")))
    return day


def _card(row: dict[str, str]) -> Card:
    card = Card(name=_name(row))
    _google_numbered(row, card)
    for column, label in OUTLOOK_NUMBERS.items():
        if value := (row.get(column) or "").strip():
            card.numbers.append((value, label))
    card.emails.extend(v.strip() for c in OUTLOOK_EMAILS if (v := row.get(c) or "").strip())
    card.notes = (row.get("Notes") or row.get("Notizen") or "").replace("\r\n", "\n").strip()
    written = row.get("Birthday") or row.get("Geburtstag") or _thunderbird_birthday(row)
    if day := _day(written, card):
        card.dates.insert(0, birthday(day))
    written = row.get("Anniversary") or row.get("Jahrestag") or ""
    if (day := _day(written, card)) and not any(kind == "anniversary" for kind, *_ in card.dates):
        card.dates.append(anniversary(day))
    if not card.name:
        card.name = clean_name(card.emails[0] if card.emails else "")
        card.unnamed = bool(card.name)
    return card


def read_csv(text: str) -> list[Entry]:
    text = text.lstrip("\ufeff")
    # Commas, but Outlook in some languages writes semicolons, and some tools tabs.
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    headers = set(reader.fieldnames or ())
    known = {"Name", "Display Name", *_NAME_PARTS, *_NAME_PARTS_DE, *OUTLOOK_NUMBERS}
    known |= {*OUTLOOK_EMAILS, "Phone 1 - Value"}
    if not headers & known or "\x00" in text:
        raise NotContacts(
            _("This is neither a vCard file nor a CSV export of contacts (Google or Outlook).")
        )
    entries: list[Entry] = []
    try:
        for row in reader:
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            entries.append(_card(row))
    except csv.Error as error:
        # A NUL byte, an endless quoted cell: no export of contacts (a binary file).
        message = _("This file cannot be read as CSV: %(error)s") % {"error": error}
        raise NotContacts(message) from None
    return entries
