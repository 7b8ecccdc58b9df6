"""A user's contacts as one vCard 4.0 file, which contacts.importing reads back to the
same contacts (importing it again changes nothing)."""

import re
from collections.abc import Iterable

import vobject

from contacts.dates import YearlyDate
from contacts.models import Contact, DateKind

# Number labels that vCard names with a TYPE; any other label travels in an
# Apple-style itemN.X-ABLabel, which every importer we read understands.
_TYPES = {"mobile": "cell", "home": "home", "work": "work", "fax": "fax", "pager": "pager"}
RELATIONSHIP_PROPERTY = "x-ringback-relationship"
# An archived contact comes back archived from its own export.
ARCHIVED_PROPERTY = "X-RINGBACK-ARCHIVED"


def _basic(day: YearlyDate) -> str:
    """vCard 4.0's date: 19800322, or --0322 without the year."""
    if day.year is None:
        return f"--{day.month:02d}{day.day:02d}"
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


class _Groups:
    """itemN names for the lines that need a label of their own."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"item{self.count}"


def _add_labelled(card: vobject.base.Component, name: str, value: str, label: str, groups: _Groups):
    group = groups.next()
    line = card.add(name)
    line.value, line.group = value, group
    tag = card.add("x-ablabel")
    tag.value, tag.group = label, group
    return line


def contact_vcard(contact: Contact) -> vobject.base.Component:
    """One contact's card; its numbers, dates and touches prefetched or not."""
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = contact.name
    groups = _Groups()
    for phone in contact.numbers.all():
        kind = _TYPES.get(phone.label.strip().lower())
        uri = f"tel:{phone.number}" + (f";ext={phone.extension}" if phone.extension else "")
        if phone.needs_country_code:
            uri = phone.number  # kept as typed: no tel: URI can say it
        if phone.label and kind is None:
            line = _add_labelled(card, "tel", uri, phone.label, groups)
            if not phone.needs_country_code:
                line.params["VALUE"] = ["uri"]
            continue
        line = card.add("tel")
        line.value = uri
        if not phone.needs_country_code:
            line.params["VALUE"] = ["uri"]
        if kind:
            line.params["TYPE"] = [kind]
    if contact.email:
        card.add("email").value = contact.email
    if contact.notes:
        card.add("note").value = contact.notes
    properties = {DateKind.BIRTHDAY: "bday", DateKind.ANNIVERSARY: "anniversary"}
    for row in contact.dates.all():
        name = properties.get(DateKind(row.kind))
        if name and name not in card.contents:
            card.add(name).value = _basic(row.yearly)
        else:
            label = row.label or ("" if row.kind == DateKind.OTHER else row.kind)
            _add_labelled(card, "x-abdate", row.yearly.iso(), label, groups)
    card.add("categories").value = [contact.relationship]
    card.add(RELATIONSHIP_PROPERTY).value = contact.relationship
    if contact.archived:
        card.add(ARCHIVED_PROPERTY.lower()).value = "true"
    return card


# FN and NOTE are single text values: a semicolon needs no escape there (RFC 6350 3.4),
# and ical.js (Thunderbird) shows vobject's `\;` literally. An escaped semicolon is one
# after an even number of backslashes.
_ESCAPED_SEMICOLON = re.compile(r"(?<!\\)((?:\\\\)*)\\;")
_SINGLE_TEXT = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?:FN|NOTE)[;:]", re.IGNORECASE)
LINE_OCTETS = 75


def _fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a character (RFC 6350 3.2)."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode())
        if size + octets > LINE_OCTETS:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n".join(parts)


def _serialized(card: vobject.base.Component) -> str:
    lines = card.serialize(lineLength=10**9).split("\r\n")
    return "\r\n".join(
        _fold(_ESCAPED_SEMICOLON.sub(r"\1;", line) if _SINGLE_TEXT.match(line) else line)
        for line in lines
    )


def contacts_vcard(contacts: Iterable[Contact]) -> str:
    return "".join(_serialized(contact_vcard(contact)) for contact in contacts)
