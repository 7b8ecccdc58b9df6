"""The reminders API: thin views over reminders.services and reminders.selectors."""

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contacts.models import Contact
from reminders.api import serializers as api
from reminders.api.idempotency import HEADER, idempotency_key, replayable
from reminders.models import ACTIVE_STATES, ApiToken, MissedCall, Reminder, ReminderState, Source
from reminders.selectors import (
    preferences_for,
    push_subscription_stored,
    reminders_for,
    windows_for,
)
from reminders.services import (
    api_token_create,
    api_token_revoke,
    attempt_record,
    missed_call_record_once,
    preferences_update,
    push_subscription_delete,
    push_subscription_save,
    reminder_complete,
    reminder_dismiss,
    reminder_snooze,
    telephony_hook_ensure,
)

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A retry with the same key returns the first answer instead of acting twice.",
)
CONFLICT = inline_serializer("Conflict", {"detail": serializers.CharField()})


def reminder_context(request: Request) -> dict:
    return {
        "request": request,
        "language": preferences_for(request.user).language,
        "now": timezone.now(),
    }


def reminder_json(request: Request, reminder: Reminder) -> dict:
    fresh = reminders_for(request.user).get(pk=reminder.pk)
    return api.ReminderSerializer(fresh, context=reminder_context(request)).data


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
        reminders = reminders_for(self.request.user)
        if self.action != "list":
            return reminders
        state = self.request.query_params.get("state", "active")
        if state == "active":
            return reminders.filter(state__in=ACTIVE_STATES)
        if state == "all":
            return reminders
        if state not in ReminderState.values:
            raise ValidationError({"state": ["Choose active, all or one of the states."]})
        return reminders.filter(state=state)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), **reminder_context(self.request)}

    @extend_schema(parameters=[STATE_FILTER])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def _answer(self, reminder: Reminder) -> Response:
        return Response(reminder_json(self.request, reminder))

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
        return MissedCall.objects.filter(owner=self.request.user)

    @extend_schema(
        request=api.MissedCallInputSerializer,
        responses={200: api.IntakeSerializer, 201: api.IntakeSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def create(self, request: Request) -> Response:
        data = _valid(api.MissedCallInputSerializer, request)
        contact = None
        if data["contact"] is not None:
            contact = Contact.objects.filter(owner=request.user, pk=data["contact"]).first()
            if contact is None:
                raise ValidationError({"contact": ["No such contact."]})
        client_id = data["client_id"]
        call, created = missed_call_record_once(
            owner=request.user,
            client_key=idempotency_key(request) or (str(client_id) if client_id else ""),
            number=data["number"],
            contact=contact,
            occurred_at=data["occurred_at"],
            source=_token_source(request),
            reason=data["reason"],
        )
        body = {
            "missed_call": api.MissedCallSerializer(call).data,
            "reminder": reminder_json(request, call.reminder),
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class MeView(APIView):
    def _body(self, request: Request) -> dict:
        preferences = preferences_for(request.user)
        hook = telephony_hook_ensure(owner=request.user)
        path = reverse("api:twilio-voice-status", args=[hook.secret])
        return api.MeSerializer(
            {
                "username": request.user.get_username(),
                "time_zone": preferences.time_zone,
                "quiet_start": preferences.quiet_start,
                "quiet_end": preferences.quiet_end,
                "language": preferences.language,
                "windows": {
                    key: int(window.total_seconds() // 60)
                    for key, window in windows_for(request.user).items()
                },
                "default_windows": api.default_windows_minutes(),
                "twilio_webhook_url": public_url(request, path),
            }
        ).data

    @extend_schema(responses=api.MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(self._body(request))

    @extend_schema(request=api.MeSerializer, responses=api.MeSerializer)
    def patch(self, request: Request) -> Response:
        serializer = api.MeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if "windows" in changes:
            changes["windows"] = {
                key: None if minutes is None else timedelta(minutes=minutes)
                for key, minutes in changes["windows"].items()
            }
        preferences_update(user=request.user, **changes)
        return Response(self._body(request))


def public_url(request: Request, path: str) -> str:
    """The address the outside world uses for `path` (what a provider calls and signs)."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path)


class TokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "int"
    serializer_class = api.TokenSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.filter(owner=self.request.user, revoked=False)

    @extend_schema(request=api.TokenSerializer, responses={201: api.NewTokenSerializer})
    def create(self, request: Request) -> Response:
        data = _valid(api.TokenSerializer, request)
        token, secret = api_token_create(owner=request.user, name=data["name"])
        token.token = secret
        return Response(api.NewTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        api_token_revoke(token=instance)


class PushConfigView(APIView):
    @extend_schema(responses=api.PushConfigSerializer)
    def get(self, request: Request) -> Response:
        return Response({"public_key": settings.VAPID_PUBLIC_KEY})


class PushSubscriptionView(APIView):
    @extend_schema(
        request=api.PushSubscriptionSerializer,
        responses={200: api.PushUnsubscribeSerializer, 201: api.PushUnsubscribeSerializer},
    )
    def post(self, request: Request) -> Response:
        data = _valid(api.PushSubscriptionSerializer, request)
        known = push_subscription_stored(user=request.user, endpoint=data["endpoint"])
        push_subscription_save(
            user=request.user,
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
            user_agent=request.headers.get("User-Agent", ""),
        )
        return Response(
            {"endpoint": data["endpoint"]},
            status=status.HTTP_200_OK if known else status.HTTP_201_CREATED,
        )

    @extend_schema(request=api.PushUnsubscribeSerializer, responses={204: None})
    def delete(self, request: Request) -> Response:
        data = _valid(api.PushUnsubscribeSerializer, request)
        push_subscription_delete(user=request.user, endpoint=data["endpoint"])
        return Response(status=status.HTTP_204_NO_CONTENT)
