"""Admin scoping: a staff user sees and edits only their own records; a superuser all."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_fields import minutes_field_for

# Generic in the type stubs only; at run time Django's classes take no parameters.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
    _ReadOnlyBase = admin.options.BaseModelAdmin[Any]
else:
    _ModelAdmin = admin.ModelAdmin
    _ReadOnlyBase = object
GONE_FROM_LIST = _(
    "Some rows you edited are no longer in your list (deleted meanwhile, or not yours): "
    "nothing was saved. Reload the page and try again."
)


class OwnedChangeListFormSet(BaseModelFormSet):
    """The changelist's inline edit (list_editable) saves rows of the user's own list only.

    Django offers every row of the table as the hidden id and, for an id not in the
    list, validates a new, empty instance against a form that lacks its required fields:
    a 500. Here such a row is refused as a whole, and nothing is saved.
    """

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if self.is_bound:
            # The queryset is the user's own rows (the changelist's, filtered to the ids sent).
            form.fields[self.model._meta.pk.name].queryset = self.get_queryset()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        if i < self.initial_form_count() and self.is_bound and form.instance._state.adding:
            form._gone_from_list = True
        return form

    def clean(self) -> None:
        super().clean()
        if any(getattr(form, "_gone_from_list", False) for form in self.forms):
            raise ValidationError(GONE_FROM_LIST, code="gone_from_list")


class OwnedModelAdmin(_ModelAdmin):
    # The lookup from the model to its owning user, e.g. "reminder__owner".
    owner_field = "owner"

    def _sees_all(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if self._sees_all(request):
            return queryset
        return queryset.filter(**{self.owner_field: request.user})

    def get_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_fields(request, obj))
        if not self._sees_all(request):
            fields = [field for field in fields if field != "owner"]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Moving a record to another user would leave its children behind.
        if obj is not None and self._sees_all(request) and self.owner_field == "owner":
            readonly.append("owner")
        return readonly

    def get_list_display(self, request: HttpRequest):
        columns = list(super().get_list_display(request))
        if self._sees_all(request) and self.owner_field == "owner":
            columns.append("owner")
        return columns

    def get_list_filter(self, request: HttpRequest):
        filters = list(super().get_list_filter(request))
        if self._sees_all(request) and self.owner_field == "owner":
            filters.append("owner")
        return filters

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, str | list[str]]:
        initial = super().get_changeform_initial_data(request)
        # A superuser sees the owner field: it starts as themselves, like a member's.
        if self.owner_field == "owner":
            initial.setdefault("owner", str(request.user.pk))
        return initial

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        # Callback windows in minutes, as the app and the API give them.
        if isinstance(db_field, models.DurationField):
            return minutes_field_for(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        owned = not self._sees_all(request) and self.owner_field == "owner"

        class OwnedForm(form_class):  # type: ignore[valid-type,misc]
            # Set before validation, so that inlines validate against the right owner.
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if owned and self.instance.owner_id is None:
                    self.instance.owner = request.user

            def _update_errors(self, errors: ValidationError) -> None:
                # A model's clean() says again, in its own words, what the form found
                # already (a missing name is also "a contact needs a name"): one
                # message per field.
                if hasattr(errors, "error_dict"):
                    fresh = {
                        field: messages
                        for field, messages in errors.error_dict.items()
                        if field not in self._errors
                    }
                    if not fresh:
                        return
                    errors = ValidationError(fresh)
                super()._update_errors(errors)

        return OwnedForm

    def get_changelist_form(self, request: HttpRequest, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class OwnedChangeListForm(form_class):  # type: ignore[valid-type,misc]
            def _post_clean(self) -> None:
                # A row not in the list (see OwnedChangeListFormSet) has no instance to
                # validate; its id is already an error.
                if getattr(self, "_gone_from_list", False):
                    return
                super()._post_clean()

        return OwnedChangeListForm

    def get_changelist_formset(self, request: HttpRequest, **kwargs):
        return super().get_changelist_formset(request, formset=OwnedChangeListFormSet, **kwargs)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        # Any record that belongs to a user (a contact, say) is offered from their own only.
        related = db_field.related_model
        owned = any(field.name == "owner" for field in related._meta.get_fields())
        if owned and not self._sees_all(request):
            kwargs["queryset"] = related._default_manager.filter(owner=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if self.owner_field == "owner" and obj.owner_id is None:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdminMixin(_ReadOnlyBase):
    """Records that change through the app and the API (calls, reminders), not by hand."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [field.name for field in self.model._meta.fields]
