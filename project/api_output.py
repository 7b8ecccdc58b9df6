"""What the API gives out, fast: the same JSON as DRF's serializers, at a fraction of the
CPU for long lists.

DRF spends most of a list's time in its per-field machinery (get_attribute, None checks,
to_representation through several layers, for every field of every row), and in
building a fresh copy of every field for every request. LeanSerializer plans each field
once per serializer class and then reads plain attributes, calls method fields directly
and formats the common field types itself. The fields stay declared as
usual (Meta.fields, SerializerMethodField, nested serializers): those are still the one
place that lists them, and what the schema is generated from. A field type it does not
know is left to DRF, so a field added later is right, if not faster.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

import orjson
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils import timezone
from rest_framework import ISO_8601, fields, relations, renderers, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.utils import encoders

Getter = Callable[..., Any]
# (value) or, for ZONED steps, (value, active time zone).
Convert = Callable[..., Any] | None


def _datetime(field: fields.DateTimeField) -> Convert:
    """A converter taking (value, zone): the zone active for this serializer's output,
    read once by it (asgiref's Local makes the read cost microseconds), unless the field
    names its own."""
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return None
    fixed = hasattr(field, "timezone")

    def convert(value: datetime, active: Any) -> str | None:
        zone = field.timezone if fixed else active
        if zone is None or isinstance(value, str) or value.tzinfo is None:
            return field.to_representation(value)
        if value.tzinfo is not zone:
            value = value.astimezone(zone)
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def _choice(field: fields.ChoiceField) -> Convert:
    values = field.choice_strings_to_values

    def convert(value: Any) -> Any:
        return value if value == "" else values.get(str(value), value)

    return convert


def _converter(field: fields.Field) -> Convert | bool:
    """How to turn the attribute into JSON: a function, None (as it is), or False (DRF's
    own to_representation)."""
    kind = type(field)
    if kind is fields.CharField:
        return str
    if kind is fields.IntegerField:
        return int
    if kind is fields.BooleanField:
        return bool
    if kind is fields.ChoiceField:
        return _choice(field)  # type: ignore[arg-type]
    if kind is fields.DateTimeField:
        return _datetime(field) or False  # type: ignore[arg-type]
    return False


def _drf(field: fields.Field) -> Getter:
    """DRF's own way, for a field type this module does not know."""

    def get(instance: Any) -> Any:
        attribute = field.get_attribute(instance)
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    return get


# How to give one field: (name, getter, converter, how): ATTRIBUTE, a getter of the
# instance; METHOD, a method field's unbound method (it takes the serializer first);
# ZONED, a getter whose converter also takes the active time zone (datetimes).
ATTRIBUTE, METHOD, ZONED = 0, 1, 2
Step = tuple[str, Getter, Convert, int]

# Plans of serializer classes whose every field's plan is the same for every instance
# (no field left to DRF, which would bind a field object of one instance).
_class_plans: dict[type, list[Step]] = {}
_UNREAD = object()


def _plan(serializer: serializers.Serializer) -> tuple[list[Step], bool]:
    """The serializer's plan, and whether every serializer of its class may share it."""
    plan: list[Step] = []
    shared = True
    for field in serializer._readable_fields:
        name = str(field.field_name)
        source = str(field.source)
        if isinstance(field, serializers.SerializerMethodField):
            # A method field's value is its method's answer, None included.
            plan.append((name, getattr(type(serializer), str(field.method_name)), None, METHOD))
            continue
        convert = _converter(field)
        simple = source != "*" and "." not in source
        if convert is False or not simple:
            plan.append((name, _drf(field), None, ATTRIBUTE))
            shared = False
        else:
            how = ZONED if type(field) is fields.DateTimeField else ATTRIBUTE
            plan.append((name, attrgetter(source), convert, how))  # type: ignore[arg-type]
    return plan, shared


class LeanSerializer(serializers.Serializer):
    """to_representation that gives DRF's JSON without its per-field cost (see above).
    Its fields must not depend on the instance (they are planned once per class when
    they can be): declare them, do not build them from the context."""

    def _lean_plan(self) -> list[Step]:
        plan = _class_plans.get(type(self)) or self.__dict__.get("_lean_own_plan")
        if plan is None:
            plan, shared = _plan(self)
            if shared:
                _class_plans[type(self)] = plan
            else:
                self.__dict__["_lean_own_plan"] = plan
        return plan

    def _active_zone(self) -> Any:
        # As DRF's DateTimeField.default_timezone(), once per serializer (one output).
        zone = self.__dict__.get("_zone_read", _UNREAD)
        if zone is _UNREAD:
            zone = timezone.get_current_timezone() if settings.USE_TZ else None
            if getattr(zone, "key", None) == "UTC":
                # The same output, and times from the database are in this one already.
                zone = UTC
            self.__dict__["_zone_read"] = zone
        return zone

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = {}
        for name, get, convert, how in self._lean_plan():
            value = get(self, instance) if how == METHOD else get(instance)
            if value is None or convert is None:
                data[name] = value
            elif how == ZONED:
                data[name] = convert(value, self._active_zone())
            else:
                data[name] = convert(value)
        return data


class LeanModelSerializer(LeanSerializer, serializers.ModelSerializer):
    pass


class _FirstPageFirst(Paginator):
    """Page 1 is read before anything is counted: a list that fits on it (the usual
    case) costs one query, its rows are the count."""

    def page(self, number: Any) -> Page:
        try:
            first = int(number) == 1
        except (TypeError, ValueError):
            first = False
        if not first or self.orphans:
            return super().page(number)
        head = list(self.object_list[: self.per_page + 1])
        if len(head) <= self.per_page:
            self.__dict__["count"] = len(head)  # what the cached property would hold
        return Page(head[: self.per_page], 1, self)


class FirstPagePagination(PageNumberPagination):
    """PageNumberPagination's JSON, without a COUNT for a list that fits on one page."""

    django_paginator_class = _FirstPageFirst


# Types orjson would write its own way are handed to DRF's encoder, as DRF writes them
# (datetimes as "…Z" with milliseconds, dataclasses refused); dict keys that are not
# strings become strings, as json.dumps makes them.
_ORJSON_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
)
_LINE_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))


class FastJSONRenderer(renderers.JSONRenderer):
    """DRF's compact JSON, written by orjson: a list of 50 reminders in a tenth of the
    time json.dumps takes. Anything orjson does not write itself goes through DRF's
    encoder; an indented answer (the browsable API's) is DRF's own."""

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
