"""Contacts API: a user's own contacts with their numbers; writes go to the services."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.serializers import BaseSerializer

from accounts.api.auth import signed_in
from accounts.selectors import phone_region_for
from contacts.api.context import contact_context
from contacts.api.params import flag
from contacts.api.serializers import ContactSerializer
from contacts.models import Contact, DateKind, Relationship
from contacts.selectors import contacts_drifting, contacts_matching
from contacts.services import DateInput, contact_create, contact_delete, contact_update


def _numbers(data: dict) -> list[tuple[str, str]] | None:
    numbers = data.pop("numbers", None)
    if numbers is None:
        return None
    return [(entry["number"], entry.get("label", "")) for entry in numbers]


def _dates(data: dict[str, Any]) -> list[DateInput] | None:
    dates = data.pop("dates", None)
    if dates is None:
        return None
    return [
        DateInput(
            id=entry.get("id"),
            kind=entry.get("kind", DateKind.BIRTHDAY),
            yearly=entry["yearly"],
            label=entry.get("label", ""),
            remind_days_before=entry.get("remind_days_before", 0),
        )
        for entry in dates
    ]


def _under_numbers(error: DjangoValidationError) -> ValidationError:
    # A number's own error ("not a phone number", "already belongs to …") is about the
    # contact's list of numbers in this API.
    messages = error.message_dict
    if "number" in messages:
        messages["numbers"] = messages.pop("number")
    return ValidationError(messages)


@extend_schema(
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR, description="Name or any number format."),
        OpenApiParameter("relationship", OpenApiTypes.STR, enum=Relationship.values),
        OpenApiParameter("starred", OpenApiTypes.BOOL),
        OpenApiParameter("archived", OpenApiTypes.BOOL),
        OpenApiParameter(
            "drifting",
            OpenApiTypes.BOOL,
            description="Only contacts with a keep-in-touch rhythm, the most overdue "
            "(relative to their rhythm) first.",
        ),
    ],
    methods=["GET"],
)
class ContactViewSet(viewsets.ModelViewSet):
    lookup_value_converter = "int"
    serializer_class = ContactSerializer
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Contact]:
        contacts = Contact.objects.filter(owner=signed_in(self.request)).prefetch_related(
            "numbers", "dates"
        )
        if self.action != "list":
            return contacts
        params = self.request.query_params
        for name in ("search", "relationship"):
            if "\x00" in params.get(name, ""):
                raise ValidationError({name: [_("Null characters are not allowed.")]})
        region = phone_region_for(signed_in(self.request))
        contacts = contacts_matching(contacts, params.get("search", ""), region=region)
        relationship = params.get("relationship")
        if relationship:
            if relationship not in Relationship.values:
                raise ValidationError({"relationship": [_("Not a relationship.")]})
            contacts = contacts.filter(relationship=relationship)
        for name in ("starred", "archived"):
            value = flag(self.request, name)
            if value is not None:
                contacts = contacts.filter(**{name: value})
        if flag(self.request, "drifting"):
            contacts = contacts_drifting(contacts, now=timezone.now())
        return contacts

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **contact_context(self.request)}

    def perform_create(self, serializer: BaseSerializer[Contact]) -> None:
        data = dict(serializer.validated_data)
        numbers = _numbers(data) or []
        dates = _dates(data) or []
        try:
            serializer.instance = contact_create(
                owner=signed_in(self.request), numbers=numbers, dates=dates, **data
            )
        except DjangoValidationError as error:
            raise _under_numbers(error) from None

    def perform_update(self, serializer: BaseSerializer[Contact]) -> None:
        contact = serializer.instance
        if contact is None:
            raise TypeError("an update has the contact it updates")
        data = dict(serializer.validated_data)
        numbers = _numbers(data)
        dates = _dates(data)
        try:
            contact_update(contact=contact, numbers=numbers, dates=dates, **data)
        except DjangoValidationError as error:
            raise _under_numbers(error) from None
        # The prefetched numbers are from before the update.
        serializer.instance = self.get_queryset().get(pk=contact.pk)

    def perform_destroy(self, instance: Contact) -> None:
        contact_delete(contact=instance)
