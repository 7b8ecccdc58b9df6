"""Form fields the admin of every app shares."""

from datetime import timedelta
from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _


class MinutesField(forms.IntegerField):
    """A duration (a callback window) entered and shown in whole minutes: "120", not the
    "2:00:00" of Django's duration field. The model's validators check the range."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("In minutes, e.g. 120 for two hours."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, timedelta):
            return int(value.total_seconds() // 60)
        return value

    def to_python(self, value: Any) -> timedelta | None:  # type: ignore[override]
        minutes = super().to_python(value)
        return None if minutes is None else timedelta(minutes=minutes)


def minutes_field_for(db_field: models.DurationField) -> MinutesField:
    return MinutesField(
        required=not db_field.blank,
        label=format_lazy(_("{field} (minutes)"), field=capfirst(db_field.verbose_name)),
    )


def minutes(value: timedelta | None) -> int | None:
    """A duration in whole minutes, for the admin's lists."""
    return None if value is None else int(value.total_seconds() // 60)
