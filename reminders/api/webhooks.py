"""Twilio's voice status callback: a call that was not answered becomes a missed call.

Each user has their own URL (a secret in the path names the user); Twilio signs every
request with the account's auth token over the URL it called and the form fields, and
the `twilio` package checks that signature. Twilio may send one status more than
once: the CallSid is the idempotency key. A call from a withheld number is answered 2xx
too, and recorded with no reminder; so is a number that cannot be read (kept as an
unknown number, as Twilio sent it), and any signed request at all: Twilio does not send
again after a 4xx, so refusing one would lose the call.
"""

import hashlib

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.throttles import WebhookThrottle
from accounts.idempotency import replayed
from accounts.models import TelephonyHook
from reminders.callers import is_withheld, twilio_call_ended
from reminders.models import Source
from reminders.services.calls import missed_call_record
from reminders.webhook_auth import public_url, twilio_fields

__all__ = ["TwilioVoiceStatusView", "public_url"]

MISSED_STATUSES = frozenset({"no-answer", "busy", "failed"})


class TwilioStatusSerializer(serializers.Serializer):
    CallSid = serializers.CharField(max_length=64)
    CallStatus = serializers.CharField(max_length=32)
    # Whatever Twilio sends: a number that cannot be read is kept as it came.
    From = serializers.CharField(required=False, allow_blank=True, default="")


class TwilioVoiceStatusView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebhookThrottle]
    parser_classes = [FormParser]

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
        data = twilio_fields(request, TwilioStatusSerializer)
        if data is not None and data["CallStatus"] == "completed":
            twilio_call_ended.send(sender=type(self), owner=hook.owner, call_sid=data["CallSid"])
        if data is None or data["CallStatus"] not in MISSED_STATUSES:
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
                keep_unreadable=True,
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
