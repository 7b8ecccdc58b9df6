"""Which of the user's contacts an event's title names ("Lunch with Anna", "Mittagessen
mit Anna Schmidt"), safely: whole words only; a full name when exactly one contact has
it; a first name alone only when it is capitalised in the title and exactly one of the
user's contacts has it (two Annas: "Lunch with Anna" names nobody)."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # Anna-Lena is one word
MIN_FIRST_NAME = 3  # "Al", "Bo": too likely another word


def words(text: str) -> list[str]:
    return WORD.findall(text)


@dataclass
class Names:
    full: dict[tuple[str, ...], set[int]] = field(default_factory=lambda: defaultdict(set))
    first: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, contacts: list[tuple[int, str]]) -> "Names":
        names = cls()
        for pk, name in contacts:
            parts = tuple(word.casefold() for word in words(name))
            if not parts:
                continue
            names.full[parts].add(pk)
            if len(parts[0]) >= MIN_FIRST_NAME:
                names.first[parts[0]].add(pk)
        return names

    def named_in(self, title: str) -> set[int]:
        """The contacts the title names (none when a name in it is ambiguous)."""
        said = words(title)
        folded = [word.casefold() for word in said]
        found: set[int] = set()
        used: set[int] = set()  # positions inside a full name found
        for parts, pks in self.full.items():
            if len(parts) < 2 or len(pks) != 1:
                continue
            for start in range(len(folded) - len(parts) + 1):
                if tuple(folded[start : start + len(parts)]) == parts:
                    found |= pks
                    used.update(range(start, start + len(parts)))
        for position, word in enumerate(said):
            pks = self.first.get(folded[position], set())
            if position not in used and word[:1].isupper() and len(pks) == 1:
                found |= pks
        return found
