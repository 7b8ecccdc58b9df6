"""What a file's entry says about a person, whatever format it came in."""

import re
from dataclasses import dataclass, field
from datetime import date

from contacts.dates import YearlyDate
from contacts.models import DateKind
from project.catalogue_labels import NUMBER_LABELS

# The longest name a contact takes (contacts.models.Contact.name).
MAX_NAME_LENGTH = 200
MAX_LABEL_LENGTH = 40
# No person has more; a card with thousands of TEL lines is a broken or hostile file.
MAX_NUMBERS_PER_CARD = 50
MAX_EMAILS_PER_CARD = 50


@dataclass(frozen=True)
class Problem:
    """A value of a card that was left out or is doubtful, and why (for the report)."""

    value: str
    reason: str


@dataclass
class Card:
    """One person as a file describes them; numbers as written, (number, label) pairs."""

    name: str
    numbers: list[tuple[str, str]] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    notes: str = ""
    # (kind, day, label)
    dates: list[tuple[str, YearlyDate, str]] = field(default_factory=list)
    # Ringback's own export says it (X-RINGBACK-RELATIONSHIP); None: the import's choice.
    relationship: str | None = None
    archived: bool = False
    problems: list[Problem] = field(default_factory=list)
    # The card has no name of its own (named after its e-mail or organisation).
    unnamed: bool = False


@dataclass(frozen=True)
class Unreadable:
    """An entry that could not be read, and why (it is skipped; the others are not)."""

    name: str
    reason: str


Entry = Card | Unreadable

_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_day(text: str, *, omit_year: int | None = None) -> YearlyDate | None:
    """A yearly day as exporters write it: 1980-03-22, 19800322, --0322, --03-22,
    1980-03-22T00:00:00Z; Outlook's CSV as Windows writes dates where it was exported:
    3/22/1980 (USA), 22/03/1980 (a first number over 12 is the day), 22.03.1980
    (Germany); None for no such day (or Outlook's empty 0/0/00). `omit_year` is Apple's
    stand-in year for "no year" (1604)."""
    text = text.strip()
    if not text:
        return None
    try:
        if match := _NO_YEAR.match(text):
            month, day = int(match[1]), int(match[2])
            date(2000, month, day)
            return YearlyDate(month, day)
        if match := _US.match(text):
            month, day, year = int(match[1]), int(match[2]), int(match[3])
            if year < 100:
                return None  # Outlook's 0/0/00: no date
            if month > 12:
                month, day = day, month  # 22/03/1980: day first
            parsed = date(year, month, day)
        elif match := _DOTTED.match(text):
            parsed = date(int(match[3]), int(match[2]), int(match[1]))
        else:
            day_part = text.split("T", 1)[0]
            basic = _BASIC.match(day_part)
            parsed = (
                date(int(basic[1]), int(basic[2]), int(basic[3]))
                if basic
                else date.fromisoformat(day_part)
            )
    except ValueError:
        return None
    if omit_year is not None and parsed.year == omit_year:
        return YearlyDate(parsed.month, parsed.day)
    return YearlyDate(parsed.month, parsed.day, parsed.year)


def birthday(day: YearlyDate) -> tuple[str, YearlyDate, str]:
    return (DateKind.BIRTHDAY, day, "")


def anniversary(day: YearlyDate) -> tuple[str, YearlyDate, str]:
    return (DateKind.ANNIVERSARY, day, "")


def clean_name(text: str) -> str:
    return " ".join(text.split())[:MAX_NAME_LENGTH]


# Labels every exporter has, in the app's words; any other label keeps its own case.
# The numbers' ones are shown translated (project/catalogue_labels.py).
STANDARD_LABELS = {*NUMBER_LABELS, "anniversary", "birthday"}


def clean_label(text: str) -> str:
    label = " ".join(text.split())[:MAX_LABEL_LENGTH]
    return label.lower() if label.lower() in STANDARD_LABELS else label
