"""The admin's "Import contacts" page on the contact list: the same import as the app's,
always into the signed-in user's own contacts (a superuser's too)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.users import User
from contacts.importing.service import ImportRefused, contacts_import, too_large
from contacts.models import Relationship


class ContactImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("vCard (.vcf) or CSV file"))
    relationship = forms.ChoiceField(
        choices=Relationship.choices,
        initial=Relationship.OTHER,
        label=gettext_lazy("Relationship of new contacts"),
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Only show what it would do")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CONTACT_IMPORT_MAX_BYTES:
            raise forms.ValidationError(str(too_large()))
        return upload


def import_view(model_admin: ModelAdmin, request: HttpRequest) -> TemplateResponse:
    if not model_admin.has_add_permission(request) or not isinstance(request.user, User):
        raise PermissionDenied
    form = ContactImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        try:
            report = contacts_import(
                owner=request.user,
                data=form.cleaned_data["file"].read(),
                relationship=form.cleaned_data["relationship"],
                dry_run=dry_run,
            )
        except ImportRefused as error:
            form.add_error("file", str(error))
        else:
            if not dry_run:
                counts = {"created": report.created, "updated": report.updated}
                model_admin.message_user(
                    request,
                    _("Imported: %(created)d new, %(updated)d completed.") % counts,
                    messages.SUCCESS,
                )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import contacts"),
        "form": form,
        "report": report,
        "dry_run": form.cleaned_data.get("dry_run") if form.is_bound and report else None,
    }
    return TemplateResponse(request, "admin/contacts/contact/import.html", context)
