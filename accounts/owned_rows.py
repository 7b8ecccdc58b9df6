"""A rule of rows that belong to a user and are unique per owner and one field."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise


def refuse_second_per_owner(row: models.Model, field: str, message: str | Promise) -> None:
    """Refuse a second row of one owner with the same value of `field`. A model's clean()
    asks this: forms leave the owner out, so Django skips the unique constraint on it."""
    taken = (
        type(row)
        ._default_manager.filter(owner_id=row.owner_id, **{field: getattr(row, field)})  # type: ignore[attr-defined]
        .exclude(pk=row.pk)
    )
    if row.owner_id is not None and taken.exists():  # type: ignore[attr-defined]
        raise ValidationError({field: message})
