"""Model instances made from a whole row without Model.__init__.

Django's own `from_db` hands a row to `Model.__init__`, which sends the init signals and
sets each field through its descriptor: ~7 µs an instance here, and a list of 50
reminders makes 100 of them (bench/limits.md, part 3). For a model with no init
signal receivers, a row of every concrete field sets the same attributes when written
to the instance's dict directly. `from_db` is Django's documented hook for this; rows
with deferred fields, and models someone listens to, still go through __init__.
"""

from typing import Any, Self

from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

# Each model's concrete fields' attribute names, in row order.
_attnames: dict[type, list[str]] = {}


class LoadedFast(models.Model):
    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Self:
        fields = cls._meta.concrete_fields
        if (
            len(values) != len(fields)
            or pre_init.has_listeners(cls)
            or post_init.has_listeners(cls)
        ):
            return super().from_db(db, field_names, values)
        names = _attnames.get(cls)
        if names is None:
            names = _attnames[cls] = [field.attname for field in fields]
        instance = cls.__new__(cls)
        # Django's __init__ takes a whole row in concrete-field order, as this does.
        instance.__dict__.update(zip(names, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        return instance
