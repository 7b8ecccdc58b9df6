"""vCard 2.1, 3.0 and 4.0 to Cards, from the properties contacts.importing.prepass reads.

What each exporter writes where (measured on the corpus under tests/contacts/corpus):
anniversaries in vCard 4.0's ANNIVERSARY, X-ANNIVERSARY (Apple, Evolution), X-MS-
ANNIVERSARY (Outlook), X-EVOLUTION-ANNIVERSARY, X-KADDRESSBOOK-X-Anniversary (KDE),
Android's X-ANDROID-CUSTOM contact_event rows and Apple's itemN.X-ABDATE labelled by the
group's X-ABLabel; numbers as text or as tel: URIs with ;ext=.
"""

import re

from django.utils.translation import gettext as _

from contacts.exporting import ARCHIVED_PROPERTY, RELATIONSHIP_PROPERTY
from contacts.importing.cards import (
    Card,
    Entry,
    Problem,
    Unreadable,
    anniversary,
    birthday,
    clean_label,
    clean_name,
    parse_day,
)
from contacts.importing.prepass import MAX_VALUE_CHARS, Property, RawCard, raw_cards
from contacts.models import DateKind, Relationship

ANNIVERSARIES = (
    "ANNIVERSARY",
    "X-ANNIVERSARY",
    "X-MS-ANNIVERSARY",
    "X-EVOLUTION-ANNIVERSARY",
    "X-KADDRESSBOOK-X-ANNIVERSARY",
)
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
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n"}
# Android's X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;DATE;TYPE;LABEL
_ANDROID_EVENT = "vnd.android.cursor.item/contact_event"
_ANDROID_EVENT_KINDS = {"1": DateKind.ANNIVERSARY, "3": DateKind.BIRTHDAY}


def unescape(value: str, version: str) -> str:
    """Text with its escapes resolved: 3.0/4.0 escape \\n \\, \\; \\\\; 2.1 only \\;
    (its other backslashes are text, as Android writes them)."""
    if version.startswith("2"):
        return value.replace("\\;", ";")
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m[1], m[1]), value)


def components(value: str, version: str, separator: str = ";") -> list[str]:
    """A structured value (N, ORG, X-ANDROID-CUSTOM) cut at its unescaped separators."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(unescape("".join(current), version))
            current = []
        else:
            current.append(char)
    parts.append(unescape("".join(current) + ("\\" if escaped else ""), version))
    return parts


class _Reader:
    def __init__(self, raw: RawCard) -> None:
        self.raw = raw
        self.version = raw.version()
        self.labels = {
            p.group: clean_label(m[1] if (m := _APPLE_LABEL.match(p.value)) else p.value)
            for p in raw.all("X-ABLABEL")
            if p.group
        }

    def text(self, prop: Property) -> str:
        return unescape(prop.value, self.version).strip()

    def name(self) -> str:
        for prop in self.raw.all("FN"):
            if name := clean_name(self.text(prop)):
                return name
        for prop in self.raw.all("N"):
            parts = components(prop.value, self.version)
            parts += [""] * (5 - len(parts))
            family, given, additional, prefix, suffix = parts[:5]
            if name := clean_name(" ".join([prefix, given, additional, family, suffix])):
                return name
        for prop in self.raw.all("ORG"):
            if name := clean_name(" ".join(components(prop.value, self.version))):
                return name
        return ""

    def number_label(self, prop: Property) -> str:
        if prop.group in self.labels:
            return self.labels[prop.group]
        for kind in prop.types:
            if kind in _NUMBER_TYPES:
                return _NUMBER_TYPES[kind]
        return ""

    def day(self, prop: Property):  # -> YearlyDate | None
        omit = prop.param("X-APPLE-OMIT-YEAR")
        return parse_day(self.text(prop), omit_year=int(omit) if omit.isdigit() else None)

    def dates(self, card: Card) -> None:
        for prop in self.raw.all("BDAY")[:1]:
            if day := self.day(prop):
                card.dates.append(birthday(day))
            elif prop.value.strip():
                card.problems.append(Problem(prop.value[:60], _("not a date")))
        # Some write the same day twice (X-ANNIVERSARY and X-EVOLUTION-ANNIVERSARY): once.
        days = []
        for key in ANNIVERSARIES:
            days += [day for prop in self.raw.all(key) if (day := self.day(prop))]
        for prop in self.raw.all("X-ABDATE"):
            label = self.labels.get(prop.group, "")
            if not (day := self.day(prop)):
                continue
            if label == "anniversary":
                days.append(day)
            elif label == "birthday" and not _has_birthday(card):
                card.dates.append(birthday(day))
            else:
                card.dates.append((DateKind.OTHER, day, label))
        for prop in self.raw.all("X-ANDROID-CUSTOM"):
            parts = components(prop.value, self.version)
            if parts[0] != _ANDROID_EVENT or len(parts) < 3 or not (day := parse_day(parts[1])):
                continue
            kind = _ANDROID_EVENT_KINDS.get(parts[2], DateKind.OTHER)
            if kind == DateKind.ANNIVERSARY:
                days.append(day)
            elif kind == DateKind.BIRTHDAY and not _has_birthday(card):
                card.dates.append(birthday(day))
            elif kind == DateKind.OTHER:
                card.dates.append((kind, day, clean_label(parts[3] if len(parts) > 3 else "")))
        unique = list(dict.fromkeys(days))
        card.dates.extend(anniversary(day) for day in unique[:1])
        # More than one anniversary (Ringback's own export writes each): the others too.
        card.dates.extend((DateKind.ANNIVERSARY, day, "") for day in unique[1:])


def _has_birthday(card: Card) -> bool:
    return any(kind == DateKind.BIRTHDAY for kind, _day, _label in card.dates)


def card_from(raw: RawCard) -> Card:
    """One card; ValueError when it cannot be read."""
    if not raw.ended:
        raise ValueError(_("The card does not end (END:VCARD is missing)."))
    reader = _Reader(raw)
    card = Card(name=reader.name())
    for prop in raw.all("TEL"):
        number = reader.text(prop) if not prop.value.startswith("tel:") else prop.value[4:]
        if number.strip():
            card.numbers.append((number.strip(), reader.number_label(prop)))
    card.emails = [text for prop in raw.all("EMAIL") if (text := reader.text(prop))]
    card.notes = "\n\n".join(text for prop in raw.all("NOTE") if (text := reader.text(prop)))
    reader.dates(card)
    for prop in raw.properties:
        if prop.cut and prop.name in ("NOTE", "FN", "N", "ORG", "TEL", "EMAIL"):
            reason = _("cut to %(max)d characters") % {"max": MAX_VALUE_CHARS}
            card.problems.append(Problem(prop.name, reason))
    for prop in raw.all(RELATIONSHIP_PROPERTY.upper())[:1]:
        if reader.text(prop) in Relationship.values:
            card.relationship = reader.text(prop)
    card.archived = any(reader.text(p).lower() == "true" for p in raw.all(ARCHIVED_PROPERTY))
    if not card.name:
        card.name = clean_name(card.emails[0] if card.emails else "")
        card.unnamed = bool(card.name)
    return card


def read_vcards(data: bytes) -> list[Entry]:
    entries: list[Entry] = []
    for raw in raw_cards(data):
        try:
            entries.append(card_from(raw))
        except ValueError as error:
            reason = str(error).strip() or error.__class__.__name__
            entries.append(Unreadable(name=_Reader(raw).name(), reason=reason[:300]))
    return entries
