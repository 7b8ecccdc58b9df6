"""What the API takes in: JSON it can read, with only the fields it knows.

A body the parser cannot take is a 400 with a message, never a 500; a field the
serializer does not know is a 400 naming it, never silently dropped (a client's typo
would otherwise "succeed" and change nothing).
"""

import difflib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError

# No request of this API nests deeper than a few levels (a contact's numbers: 3).
MAX_JSON_DEPTH = 20


def _deeper_than(data: Any, limit: int) -> bool:
    # Iterative: walking a deep document must not recurse either.
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


def _too_deep() -> str:
    return _("JSON parse error - nested deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}


class JSONParser(parsers.JSONParser):
    """DRF's parser, which turns a ValueError into a 400 but lets the RecursionError of a
    deeply nested body through as a 500; and nesting that does parse is refused before a
    serializer walks it."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        if _deeper_than(data, MAX_JSON_DEPTH):
            raise ParseError(_too_deep())
        return data


def _unknown(name: str, fields: Mapping[str, serializers.Field]) -> str:
    writable = [known for known, field in fields.items() if not field.read_only]
    close = difflib.get_close_matches(name, writable, n=1)
    if close:
        return _("Unknown field. Did you mean “%(field)s”?") % {"field": close[0]}
    return _("Unknown field. Known fields: %(fields)s.") % {"fields": ", ".join(writable)}


class RejectUnknownFields:
    """Mixed into every serializer of a client's input (before the DRF base class).

    A field the serializer lists, even a read-only one, is known: a client may send back
    an object it was given. Nested serializers check their own fields, so an unknown key
    in a contact's number is named under `numbers`.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            fields: Mapping[str, serializers.Field] = self.fields  # type: ignore[attr-defined]
            unknown = sorted(set(data) - set(fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_unknown(name, fields)] for name in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]


ON_USERS_CLOCK = (
    "ISO 8601. Without an offset (e.g. 2026-03-02T09:15) it is read in your time zone "
    "(GET /api/me/), not in UTC."
)


class LocalDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time; one without an offset stays naive, for the service to read in
    the user's time zone (contacts.times.on_wall_clock), not in the server's."""

    def enforce_timezone(self, value: datetime) -> datetime:
        if timezone.is_naive(value):
            return value
        return super().enforce_timezone(value)
