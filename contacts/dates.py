"""Days that come back every year (pure): when a birthday falls, how old someone turns.

A date may come without its year (`--MM-DD`, as phones and vCard write it). Someone born
on 29 February has their day on 28 February in the years that have no 29th.
"""

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class YearlyDate:
    month: int
    day: int
    year: int | None = None

    def on(self, year: int) -> date:
        """This year's day (29 February falls on the 28th when the year has none)."""
        day = self.day
        if (self.month, day) == (2, 29) and not calendar.isleap(year):
            day = 28
        return date(year, self.month, day)

    def next_from(self, today: date) -> date:
        """The next day it falls on, today included."""
        this_year = self.on(today.year)
        return this_year if this_year >= today else self.on(today.year + 1)

    def years_on(self, day: date) -> int | None:
        """How many years it will be on `day` (an age, an anniversary), if the year is known."""
        return None if self.year is None else day.year - self.year

    def iso(self) -> str:
        """YYYY-MM-DD, or --MM-DD without a year (ISO 8601 / vCard 4)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_yearly(text: str) -> YearlyDate:
    """YYYY-MM-DD or --MM-DD (also --MMDD); ValueError if it is no such day."""
    text = text.strip()
    if text.startswith("--"):
        digits = text[2:].replace("-", "")
        if len(digits) != 4 or not digits.isdigit():
            raise ValueError(text)
        month, day = int(digits[:2]), int(digits[2:])
        date(2000, month, day)  # a leap year: 29 February exists
        return YearlyDate(month, day)
    parsed = date.fromisoformat(text)
    return YearlyDate(parsed.month, parsed.day, parsed.year)
