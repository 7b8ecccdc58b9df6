from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.ownership import OwnedModelAdmin, ReadOnlyAdminMixin
from accounts.selectors import phone_region_of
from contacts.admin_merge import merge_confirmation
from contacts.importing.admin_view import import_view
from contacts.labels import label_shown, label_stored
from contacts.merging import contacts_merge
from contacts.models import Contact, ContactDate, PhoneNumber, RelationshipRhythm, Touch
from contacts.phone import try_normalize
from contacts.selectors import contacts_matching
from contacts.services import contacts_due_refresh, relationship_followers_due_refresh


class PhoneNumberFormSet(BaseInlineFormSet):
    def _region(self) -> str | None:
        owner_id = self.instance.owner_id
        return phone_region_of(owner_id) if owner_id is not None else None

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            number = try_normalize(form.cleaned_data.get("number") or "", self._region())
            if number in seen:
                form.add_error("number", f"{number} is listed twice.")
            if number:
                seen.add(number)


class PhoneNumberForm(forms.ModelForm):
    """The label as the reader reads it ("Mobil" in German), stored as the label it stands
    for ("mobile"): what imports store and the app translates alike."""

    class Meta:
        model = PhoneNumber
        fields = ["number", "label"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["label"] = label_shown(self.instance.label)

    def clean_label(self) -> str:
        return label_stored(self.cleaned_data.get("label") or "")


class PhoneNumberInline(admin.TabularInline):
    model = PhoneNumber
    form = PhoneNumberForm
    formset = PhoneNumberFormSet
    fields = ["number", "label"]
    extra = 1


class ContactDateInline(admin.TabularInline):
    model = ContactDate
    fields = ["kind", "label", "day", "month", "year", "remind_days_before"]
    extra = 0


class TouchInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The history of touches; they are logged in the app or by automations, which also
    move the contact's last contact."""

    model = Touch
    fields = ["at", "channel", "direction", "note", "source"]
    extra = 0
    can_delete = False
    ordering = ["-at"]


@admin.register(Contact)
class ContactAdmin(OwnedModelAdmin):
    inlines = [PhoneNumberInline, ContactDateInline, TouchInline]
    list_display = [
        "name",
        "relationship",
        "numbers_list",
        "starred",
        "archived",
        "last_contacted_at",
    ]
    list_filter = ["relationship", "starred", "archived"]
    list_editable = ["starred"]
    search_fields = ["name"]
    search_help_text = _("Name, or a number in any format.")
    fields = [
        "owner",
        "name",
        "relationship",
        "email",
        "greeting",
        "formal",
        "preferred_channel",
        "text_channel",
        "time_zone",
        "callback_window",
        "keep_in_touch_days",
        "starred",
        "archived",
        "notes",
        "last_contacted_at",
    ]
    readonly_fields = ["last_contacted_at"]
    actions = ["archive", "unarchive", "merge"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # The rhythm's due moment follows the rhythm and relationship just saved.
        contacts_due_refresh(contacts=Contact.objects.filter(pk=form.instance.pk))

    def get_queryset(self, request):
        # The owner's country: their numbers are listed as they write them at home.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("numbers")
            .annotate(owner_region=F("owner__preferences__phone_region"))
        )

    def get_urls(self):
        page = self.admin_site.admin_view(lambda request: import_view(self, request))
        return [path("import/", page, name="contacts_contact_import"), *super().get_urls()]

    def get_search_results(self, request, queryset, search_term):
        return contacts_matching(
            queryset, search_term, region=phone_region_of(request.user.pk)
        ), True

    @admin.display(description=_("Numbers"))
    def numbers_list(self, contact: Contact) -> str:
        region = getattr(contact, "owner_region", None)
        return ", ".join(phone.shown(region) for phone in contact.numbers.all())

    @admin.action(description=_("Archive selected contacts"))
    def archive(self, request, queryset):
        self.message_user(request, f"Archived {queryset.update(archived=True)} contacts.")

    @admin.action(description=_("Unarchive selected contacts"))
    def unarchive(self, request, queryset):
        self.message_user(request, f"Unarchived {queryset.update(archived=False)} contacts.")

    @admin.action(description=_("Merge the two selected contacts"))
    def merge(self, request, queryset):
        """Like Django's delete action: first both contacts side by side and which to keep
        (the older one proposed), then the merge on confirming."""
        chosen = list(queryset.order_by("created_at", "id")[:3])
        if len(chosen) != 2:
            self.message_user(request, _("Select exactly two contacts to merge."), messages.ERROR)
            return None
        if request.POST.get("post") != "yes":
            return merge_confirmation(self, request, chosen)
        keep, other = chosen
        if request.POST.get("keep") == str(other.pk):
            keep, other = other, keep
        try:
            contacts_merge(keep=keep, other=other)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        names = {"other": other.name, "keep": keep.name}
        self.message_user(request, _("%(other)s was merged into %(keep)s.") % names)
        return None


@admin.register(RelationshipRhythm)
class RelationshipRhythmAdmin(OwnedModelAdmin):
    """Keep in touch with everyone of a relationship every so many days, as in the app's
    Settings: every contact who follows the rhythm is due anew, by the same rule."""

    list_display = ["relationship", "days"]
    fields = ["owner", "relationship", "days"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Another relationship is another rhythm: added, not moved.
        return [*readonly, "relationship"] if obj is not None else readonly

    def save_model(self, request, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        relationship_followers_due_refresh(owner_id=obj.owner_id, relationship=obj.relationship)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        relationship_followers_due_refresh(owner_id=obj.owner_id, relationship=obj.relationship)

    def delete_queryset(self, request, queryset) -> None:
        followed = set(queryset.values_list("owner", "relationship"))
        super().delete_queryset(request, queryset)
        for owner_id, relationship in followed:
            relationship_followers_due_refresh(owner_id=owner_id, relationship=relationship)
