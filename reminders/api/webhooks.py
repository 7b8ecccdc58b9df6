"""Twilio's voice status callback: a call that was not answered becomes a missed call.

Each user has their own URL (a secret in the path names the user); Twilio signs every
request with the account's auth token over the URL it called and the form fields, and
the `twilio` package checks that signature. Twilio may send one status more than
once: the CallSid is the idempotency key. A call from a withheld number is answered 2xx
too, and recorded with no reminder.
"""

import hashlib

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from twilio.request_validator import RequestValidator

from accounts.api.throttles import WebhookThrottle
from accounts.idempotency import replayed
from accounts.models import TelephonyHook
from reminders.models import Source
from reminders.services.calls import missed_call_record

MISSED_STATUSES = frozenset({"no-answer", "busy", "failed"})
# What Twilio puts in From when the caller hid their number: words, and the number
# +266696687 (it spells ANONYMOUS on a keypad). Browser and SIP calls ("client:alice",
# "sip:…") have no number to call back either.
WITHHELD_WORDS = frozenset({"", "anonymous", "restricted", "unknown", "private", "unavailable"})
WITHHELD_NUMBERS = frozenset({"+266696687", "266696687"})
NOT_A_NUMBER_SCHEMES = ("client:", "sip:")


def is_withheld(caller: str) -> bool:
    caller = caller.strip().lower()
    return (
        caller in WITHHELD_WORDS
        or caller in WITHHELD_NUMBERS
        or caller.startswith(NOT_A_NUMBER_SCHEMES)
    )


def public_url(request: Request, path: str) -> str:
    """The address the outside world uses for `path` (what a provider calls and signs)."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path)


class TwilioStatusSerializer(serializers.Serializer):
    CallSid = serializers.CharField(max_length=64)
    CallStatus = serializers.CharField(max_length=32)
    From = serializers.CharField(max_length=256, required=False, allow_blank=True, default="")


class TwilioVoiceStatusView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebhookThrottle]
    parser_classes = [FormParser]

    def _check_signature(self, request: Request) -> None:
        if not settings.TWILIO_AUTH_TOKEN:
            raise PermissionDenied(_("TWILIO_AUTH_TOKEN is not set on this server."))
        validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
        signature = request.headers.get("X-Twilio-Signature", "")
        url = public_url(request, request.get_full_path())
        if not validator.validate(url, request.POST, signature):
            raise PermissionDenied(_("The Twilio signature does not match this URL and body."))

    @extend_schema(
        request=TwilioStatusSerializer,
        responses={
            201: inline_serializer(
                "TwilioMissedCall",
                {
                    "missed_call": serializers.IntegerField(),
                    "reminder": serializers.IntegerField(allow_null=True),
                },
            ),
            204: None,
        },
    )
    def post(self, request: Request, secret: str) -> Response:
        hook = get_object_or_404(TelephonyHook.objects.select_related("owner"), secret=secret)
        self._check_signature(request)
        serializer = TwilioStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["CallStatus"] not in MISSED_STATUSES:
            return Response(status=status.HTTP_204_NO_CONTENT)
        # A withheld number is still a missed call (shown in the log); answering it
        # with an error would only make Twilio retry and alert.
        withheld = is_withheld(data["From"])

        def record() -> Response:
            call = missed_call_record(
                owner=hook.owner,
                number="" if withheld else data["From"],
                withheld=withheld,
                source=Source.WEBHOOK,
            )
            return Response(
                {"missed_call": call.pk, "reminder": call.reminder_id},
                status=status.HTTP_201_CREATED,
            )

        # Twilio sends a status again when it is unsure we got it: the call's id is the
        # idempotency key, whatever else the retry carries.
        call_sid = data["CallSid"]
        return replayed(
            owner=hook.owner,
            key=f"twilio:{call_sid}",
            request=request,
            fingerprint=hashlib.sha256(f"twilio:{call_sid}".encode()).hexdigest(),
            run=record,
        )
