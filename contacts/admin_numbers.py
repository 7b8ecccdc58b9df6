"""Numbers in the admin as the owner writes them at home (030 1234567), others
international: on a record's page as in its list (contacts.phone.format_for_display)."""

from typing import Any

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from contacts.phone import format_for_display

# The owner's country, annotated on each row.
OWNER_REGION = "owner__preferences__phone_region"


def shown_number(number: str, row: object) -> str:
    return format_for_display(number, getattr(row, "owner_region", None)) if number else ""


class NumberShownMixin:
    """For an admin (or inline) of a model with an owner and a stored number: the number
    is shown formatted, in the list and on the record's page, never as stored."""

    number_field = "number"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(owner_region=F(OWNER_REGION))  # type: ignore[misc]

    def get_fields(self, request, obj=None) -> list[Any]:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        return ["number_shown" if field == self.number_field else field for field in fields]

    def get_readonly_fields(self, request, obj=None) -> list[Any]:
        return [*super().get_readonly_fields(request, obj), "number_shown"]  # type: ignore[misc]

    @admin.display(description=_("Number"))
    def number_shown(self, row: Any) -> str:
        return shown_number(getattr(row, self.number_field), row)
