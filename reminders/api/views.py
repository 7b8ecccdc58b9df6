"""The reminders API: thin views over reminders.services and reminders.selectors."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.auth import signed_in
from accounts.idempotency import HEADER, idempotency_key, replayable
from accounts.models import ApiToken
from contacts.models import Contact
from reminders.api import serializers as api
from reminders.api.output import reminder_output, reminder_shown, showing_for
from reminders.models import ACTIVE_STATES, MissedCall, Reminder, ReminderState, Source
from reminders.selectors import reminder_situated, reminders_for
from reminders.services.calls import missed_call_record
from reminders.services.notes import reminder_notes_update
from reminders.services.transitions import (
    attempt_record,
    reminder_complete,
    reminder_dismiss,
    reminder_reopen,
    reminder_snooze,
)

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A retry with the same key returns the first answer instead of acting twice.",
)
CONFLICT = inline_serializer("Conflict", {"detail": serializers.CharField()})


def reminder_json(request: Request, reminder: Reminder) -> dict:
    """One reminder as the API gives it, read again after an action changed it."""
    fresh = reminder_situated(signed_in(request), reminder.pk)
    return reminder_output(fresh, showing_for(request))


def _token_source(request: Request) -> str:
    return Source.API if isinstance(request.auth, ApiToken) else Source.MANUAL


STATE_FILTER = OpenApiParameter(
    "state",
    OpenApiTypes.STR,
    enum=["active", "all", *ReminderState.values],
    description="Which reminders: active (open and snoozed, the default), all, or one state.",
)


class ReminderViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"
    serializer_class = api.ReminderSerializer

    def get_queryset(self) -> QuerySet[Reminder]:
        reminders = reminders_for(signed_in(self.request))
        if self.action != "list":
            return reminders
        state = self.request.query_params.get("state", "active")
        if state == "active":
            return reminders.filter(state__in=ACTIVE_STATES)
        if state == "all":
            return reminders
        if state not in ReminderState.values:
            raise ValidationError({"state": [_("Choose active, all or one of the states.")]})
        return reminders.filter(state=state)

    def get_object(self) -> Reminder:
        reminder = super().get_object()
        # The queryset is the signed-in user's: they are the owner, with the preferences
        # the services need already read.
        reminder.owner = signed_in(self.request)
        return reminder

    @extend_schema(parameters=[STATE_FILTER])
    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the viewset always paginates
        showing = showing_for(request)
        return self.get_paginated_response([reminder_output(r, showing) for r in page])

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(reminder_output(self.get_object(), showing_for(request)))

    def _answer(self, reminder: Reminder) -> Response:
        return Response(reminder_json(self.request, reminder))

    @extend_schema(
        request=api.NotesInputSerializer,
        responses={200: api.ReminderSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @replayable
    def partial_update(self, request: Request, pk=None) -> Response:
        """Only the notes are written here: what to say when you call."""
        data = _valid(api.NotesInputSerializer, request)
        return self._answer(reminder_notes_update(reminder=self.get_object(), notes=data["notes"]))

    @extend_schema(
        request=api.DoneInputSerializer,
        responses={200: api.ReminderSerializer, 409: CONFLICT},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @replayable
    def done(self, request: Request, pk=None) -> Response:
        data = _valid(api.DoneInputSerializer, request)
        return self._answer(
            reminder_complete(reminder=self.get_object(), resolution=data["resolution"])
        )

    @extend_schema(
        request=api.SnoozeInputSerializer,
        responses={200: api.ReminderSerializer, 409: CONFLICT},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @replayable
    def snooze(self, request: Request, pk=None) -> Response:
        reminder = self.get_object()
        data = _valid(api.SnoozeInputSerializer, request)
        return self._answer(reminder_snooze(reminder=reminder, until=data["until"]))

    @extend_schema(
        request=None,
        responses={200: api.ReminderSerializer, 409: CONFLICT},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @replayable
    def dismiss(self, request: Request, pk=None) -> Response:
        return self._answer(reminder_dismiss(reminder=self.get_object()))

    @extend_schema(
        request=None,
        responses={200: api.ReminderSerializer, 409: CONFLICT},
        parameters=[IDEMPOTENCY_PARAMETER],
        description="Undo a Done or a dismiss of at most 30 seconds ago: open again, with "
        "its pushes rescheduled; later (or expired, or when a newer reminder for the same "
        "person is open) a 409.",
    )
    @action(detail=True, methods=["post"])
    @replayable
    def reopen(self, request: Request, pk=None) -> Response:
        return self._answer(reminder_reopen(reminder=self.get_object()))

    @extend_schema(
        request=api.AttemptInputSerializer,
        responses={201: api.AttemptResultSerializer, 409: CONFLICT},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    @replayable
    def attempts(self, request: Request, pk=None) -> Response:
        reminder = self.get_object()
        data = _valid(api.AttemptInputSerializer, request)
        attempt = attempt_record(reminder=reminder, **data)
        body = {
            "attempt": api.AttemptSerializer(attempt).data,
            "reminder": reminder_json(request, reminder),
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _valid(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class MissedCallViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = api.MissedCallListSerializer

    def get_queryset(self) -> QuerySet[MissedCall]:
        return MissedCall.objects.filter(owner=signed_in(self.request)).select_related("contact")

    @extend_schema(
        request=api.MissedCallInputSerializer,
        responses={201: api.IntakeSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @replayable(key=lambda request: _intake_key(request), ignoring=("occurred_at",))
    def create(self, request: Request) -> Response:
        data = _valid(api.MissedCallInputSerializer, request)
        contact = None
        if data["contact"] is not None:
            contact = Contact.objects.filter(owner=signed_in(request), pk=data["contact"]).first()
            if contact is None:
                raise ValidationError({"contact": [_("No such contact.")]})
        call = missed_call_record(
            owner=signed_in(request),
            number=data["number"],
            contact=contact,
            withheld=data["withheld"],
            occurred_at=data["occurred_at"],
            source=_token_source(request),
            reason=data["reason"],
        )
        body = {
            "missed_call": api.MissedCallSerializer(call).data,
            "reminder": reminder_json(request, call.reminder) if call.reminder else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _intake_key(request: Request) -> str:
    """The Idempotency-Key; or the `client_id` the app gives a call it logs (offline
    too). A retry may differ in its time: automations fill in "now" as they send."""
    found = idempotency_key(request)
    if not found and isinstance(request.data, dict):
        found = str(request.data.get("client_id") or "")
    return found


class ContactHistoryViewSet(viewsets.GenericViewSet):
    """/api/contacts/<id>/history/: a contact's reminders with their calls and attempts.
    Served by this app, since contacts know nothing of reminders."""

    lookup_value_converter = "int"
    serializer_class = api.ReminderHistorySerializer

    def get_queryset(self) -> QuerySet[Contact]:
        return Contact.objects.filter(owner=signed_in(self.request))

    @extend_schema(responses=api.ReminderHistorySerializer(many=True))
    @action(detail=True)
    def history(self, request: Request, pk: int | None = None) -> Response:
        contact = self.get_object()
        reminders = (
            reminders_for(signed_in(request))
            .filter(contact=contact)
            .prefetch_related(
                Prefetch("missed_calls", MissedCall.objects.select_related("contact")),
                "attempts",
            )
            .order_by("-opened_at", "-id")
        )
        page = self.paginate_queryset(reminders)
        assert page is not None  # the viewset always paginates
        showing = showing_for(request)
        shown = [
            {
                **reminder_shown(reminder, showing),
                "missed_calls": reminder.missed_calls.all(),
                "attempts": reminder.attempts.all(),
            }
            for reminder in page
        ]
        return self.get_paginated_response(api.ReminderHistorySerializer(shown, many=True).data)
