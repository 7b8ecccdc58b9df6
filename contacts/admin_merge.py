"""The admin's merge, before it happens: the two contacts side by side and which one to
keep, as Django's own delete action asks first (a page of the changelist's action)."""

from django.contrib.admin import ModelAdmin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from contacts.models import Contact


def _rows(chosen: list[Contact]) -> list[tuple[str, list[list[str]]]]:
    """(heading, each contact's lines) for every row of the comparison."""

    def each(lines) -> list[list[str]]:
        return [[str(line) for line in lines(contact)] or ["—"] for contact in chosen]

    return [
        (_("Relationship"), each(lambda c: [c.get_relationship_display()])),
        (_("Numbers"), each(lambda c: [p.shown() for p in c.numbers.order_by("id")])),
        (_("E-mail"), each(lambda c: [c.email] if c.email else [])),
        (_("Days"), each(lambda c: list(c.dates.order_by("month", "day", "id")))),
        (_("Notes"), each(lambda c: c.notes.splitlines())),
        (_("Touches"), each(lambda c: [c.touches.count()])),
        (_("Added"), each(lambda c: [formats.localize(localtime(c.created_at))])),
    ]


def merge_confirmation(
    model_admin: ModelAdmin, request: HttpRequest, chosen: list[Contact]
) -> TemplateResponse:
    """The page that asks: both contacts, the older proposed to keep, and a button that
    posts the action again with `post=yes` (the changelist runs it then)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Merge two contacts?"),
        "intro": _(
            "The contact you keep takes the other's numbers, e-mail, notes, days, touches "
            "and reminders; the other is deleted. Nothing the kept contact has is changed."
        ),
        "keep_heading": _("Keep"),
        "confirm": _("Yes, merge them"),
        "contacts": chosen,
        "rows": _rows(chosen),
        "keep": chosen[0].pk,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/contacts/contact/merge_confirmation.html", context)
