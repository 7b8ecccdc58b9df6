"""vCard 2.1, 3.0 and 4.0 to Cards, with vobject reading each repaired card."""

import re
from typing import Any

import vobject
from django.utils.translation import gettext as _

from contacts.exporting import RELATIONSHIP_PROPERTY
from contacts.importing.cards import (
    Card,
    Entry,
    Unreadable,
    anniversary,
    birthday,
    clean_label,
    clean_name,
    parse_day,
)
from contacts.importing.prepass import vcard_blocks
from contacts.models import DateKind, Relationship

# Where exporters put the anniversary: vCard 4.0, Apple/KDE, Outlook, Evolution.
ANNIVERSARIES = ("anniversary", "x-anniversary", "x-ms-anniversary", "x-evolution-anniversary")
# TYPE values that say what a number is, in the words the app shows.
_NUMBER_TYPES = {
    "cell": "mobile",
    "mobile": "mobile",
    "iphone": "iphone",
    "home": "home",
    "work": "work",
    "main": "main",
    "fax": "fax",
    "pager": "pager",
}
# Apple's own labels in itemN.X-ABLabel: _$!<Mobile>!$_
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_FN = re.compile(r"^(?:[A-Za-z0-9-]+\.)?FN[;:]", re.IGNORECASE)


def _types(line: Any) -> list[str]:
    """TYPE values, also 2.1's bare ones (TEL;CELL;VOICE) and lists (TYPE=cell,voice)."""
    values = [*line.params.get("TYPE", []), *line.singletonparams]
    return [part.strip().lower() for value in values for part in value.split(",")]


def _number_label(line: Any, group_labels: dict[str, str]) -> str:
    if line.group and line.group.lower() in group_labels:
        return group_labels[line.group.lower()]
    for kind in _types(line):
        if kind in _NUMBER_TYPES:
            return _NUMBER_TYPES[kind]
    return ""


def _group_labels(card: Any) -> dict[str, str]:
    """iPhone/macOS label a number by an X-ABLabel in the same itemN group."""
    labels = {}
    for line in card.contents.get("x-ablabel", []):
        if line.group:
            text = str(line.value)
            apple = _APPLE_LABEL.match(text)
            labels[line.group.lower()] = clean_label(apple[1] if apple else text)
    return labels


def _text(line: Any) -> str:
    value = line.value
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    return str(value).strip()


def _name(card: Any) -> str:
    if "fn" in card.contents:
        name = clean_name(_text(card.fn))
        if name:
            return name
    if "n" in card.contents:
        n = card.n.value
        parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
        flat = [" ".join(p) if isinstance(p, list) else p for p in parts]
        name = clean_name(" ".join(part for part in flat if part))
        if name:
            return name
    if "org" in card.contents:
        return clean_name(_text(card.org))
    return ""


def _day(line: Any) -> Any:
    omit = line.params.get("X-APPLE-OMIT-YEAR", [None])[0]
    return parse_day(_text(line), omit_year=int(omit) if omit and omit.isdigit() else None)


def card_from(text: str) -> Card:
    """One card; ValueError (or vobject's ParseError) when it cannot be read."""
    if not text.rstrip().upper().endswith("END:VCARD"):
        raise ValueError(_("The card does not end (END:VCARD is missing)."))
    parsed = vobject.readOne(text, ignoreUnreadable=True)
    labels = _group_labels(parsed)
    card = Card(name=_name(parsed))
    for line in parsed.contents.get("tel", []):
        number = _text(line).removeprefix("tel:")
        if number:
            card.numbers.append((number, _number_label(line, labels)))
    card.emails = [_text(line) for line in parsed.contents.get("email", []) if _text(line)]
    card.notes = "\n\n".join(_text(line) for line in parsed.contents.get("note", []) if _text(line))
    for line in parsed.contents.get("bday", [])[:1]:
        if day := _day(line):
            card.dates.append(birthday(day))
    # Some write the same day twice (X-ANNIVERSARY and X-EVOLUTION-ANNIVERSARY): one.
    anniversaries = [
        day for key in ANNIVERSARIES for line in parsed.contents.get(key, []) if (day := _day(line))
    ]
    # iPhone/macOS: itemN.X-ABDATE, its kind in the group's X-ABLabel.
    for line in parsed.contents.get("x-abdate", []):
        label = labels.get((line.group or "").lower(), "")
        day = _day(line)
        if day and label == "anniversary":
            anniversaries.append(day)
        elif day and label == "birthday":
            card.dates.append(birthday(day))
        elif day:
            card.dates.append((DateKind.OTHER, day, label))
    if anniversaries:
        card.dates.append(anniversary(anniversaries[0]))
    for line in parsed.contents.get(RELATIONSHIP_PROPERTY, [])[:1]:
        if _text(line) in Relationship.values:
            card.relationship = _text(line)
    if not card.name:
        card.name = clean_name(card.emails[0] if card.emails else "")
    return card


def _name_in(text: str) -> str:
    """The FN of a card that cannot be read, to name it in the report."""
    for line in text.splitlines():
        if _FN.match(line):
            return clean_name(line.split(":", 1)[-1].replace("\\,", ","))
    return ""


def read_vcards(text: str) -> list[Entry]:
    entries: list[Entry] = []
    for block in vcard_blocks(text):
        try:
            entries.append(card_from(block))
        # vobject raises many kinds of errors on a broken card: it is skipped, with why.
        except Exception as error:
            reason = str(error).strip() or error.__class__.__name__
            entries.append(Unreadable(name=_name_in(block), reason=reason[:300]))
    return entries
