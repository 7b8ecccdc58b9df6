"""What the API gives out: DRF's JSON written by orjson, and files (vCard, iCalendar)."""

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework import renderers
from rest_framework.utils import encoders

# Types orjson would write its own way are handed to DRF's encoder, as DRF writes them
# (datetimes as "…Z" with milliseconds, dataclasses refused); dict keys that are not
# strings become strings, as json.dumps makes them.
_ORJSON_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
)
_LINE_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))


class FastJSONRenderer(renderers.JSONRenderer):
    """DRF's compact JSON, written by orjson rather than json.dumps (lists are long).
    Anything orjson does not write itself goes through DRF's encoder; an indented answer
    (the browsable API's) is DRF's own."""

    _encoder = encoders.JSONEncoder()

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=self._encoder.default, option=_ORJSON_OPTIONS)
        except orjson.JSONEncodeError:
            # What DRF's encoder cannot write either: its own error, as before.
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF: never a raw line separator, so the JSON is also valid JavaScript.
        for raw, escaped in _LINE_SEPARATORS:
            body = body.replace(raw, escaped)
        return body


class FileRenderer(renderers.BaseRenderer):
    """Lets a client ask for a file's type (Accept, or ?format=); the view writes the file
    itself. Subclasses name the type: media_type and format."""

    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> Any:
        return data if isinstance(data, bytes | str) else b""
