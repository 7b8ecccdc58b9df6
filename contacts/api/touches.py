"""Touches: every time two people were in touch, logged in the app or by an automation."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.idempotency import replayable
from accounts.models import ApiToken
from accounts.selectors import phone_region_for
from contacts.api.context import contact_context
from contacts.api.serializers import ContactSerializer, TouchByNumberSerializer, TouchSerializer
from contacts.models import Contact, Touch, TouchSource
from contacts.phone import normalize_number
from contacts.selectors import contact_for_number
from contacts.services import touch_delete, touch_record

TOUCHED = inline_serializer("Touched", {"touch": TouchSerializer(), "contact": ContactSerializer()})


def _source(request: Request) -> str:
    return TouchSource.API if isinstance(request.auth, ApiToken) else TouchSource.APP


def _touched(request: Request, touch: Touch) -> Response:
    contact = Contact.objects.prefetch_related("numbers").get(pk=touch.contact_id)
    contact_json = ContactSerializer(contact, context=contact_context(request)).data
    body = {"touch": TouchSerializer(touch).data, "contact": contact_json}
    return Response(body, status=status.HTTP_201_CREATED)


class ContactTouchViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """/api/contacts/<id>/touches/: one contact's touches, newest first; log one, or
    delete one logged by mistake (…/touches/<id>/)."""

    serializer_class = TouchSerializer
    lookup_value_converter = "int"

    def _contact(self) -> Contact:
        owned = Contact.objects.filter(owner=signed_in(self.request))
        return get_object_or_404(owned, pk=self.kwargs["contact_id"])

    def get_queryset(self) -> QuerySet[Touch]:
        return Touch.objects.filter(contact=self._contact())

    @extend_schema(request=TouchSerializer, responses={201: TOUCHED})
    @replayable
    def create(self, request: Request, contact_id: int) -> Response:
        contact = self._contact()
        serializer = TouchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        touch = touch_record(
            owner=signed_in(request),
            contact=contact,
            source=_source(request),
            **serializer.validated_data,
        )
        return _touched(request, touch)

    def perform_destroy(self, instance: Touch) -> None:
        touch_delete(touch=instance)


class TouchByNumberView(APIView):
    """/api/touches/: an automation reports a call or a text by number; the contact with
    that number gets the touch, an unknown number is answered and stored nowhere."""

    @extend_schema(
        request=TouchByNumberSerializer,
        responses={
            201: TOUCHED,
            200: inline_serializer("NotMatched", {"matched": serializers.BooleanField()}),
        },
    )
    @replayable
    def post(self, request: Request) -> Response:
        serializer = TouchByNumberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = signed_in(request)
        try:
            number = normalize_number(data.pop("number"), phone_region_for(user))
        except DjangoValidationError as error:
            raise serializers.ValidationError({"number": error.messages}) from None
        contact = contact_for_number(owner=user, number=number)
        if contact is None:
            return Response({"matched": False})
        touch = touch_record(owner=user, contact=contact, source=_source(request), **data)
        return _touched(request, touch)
