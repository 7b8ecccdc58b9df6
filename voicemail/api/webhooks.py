"""The Twilio number's "A call comes in" webhook and the callbacks its <Record> names.

All under the user's telephony secret (the same as the status webhook's) and signed by
Twilio like it. Every signed request is answered 2xx: the voice URL always with TwiML
(a caller never hears Twilio's "application error"), the callbacks with what they did.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.throttles import WebhookThrottle
from accounts.models import TelephonyHook
from accounts.selectors import preferences_of
from reminders.webhook_auth import public_url, twilio_fields
from voicemail.services import (
    transcribes,
    voicemail_call_record,
    voicemail_record_ended,
    voicemail_recording_update,
    voicemail_transcription_update,
)
from voicemail.twiml import Callbacks, greeting_twiml, hangup_twiml

logger = logging.getLogger(__name__)
TWIML = OpenApiResponse(description="TwiML (text/xml)")


class VoiceSerializer(serializers.Serializer):
    CallSid = serializers.CharField(max_length=64)
    From = serializers.CharField(required=False, allow_blank=True, default="")


def _seconds(value: str) -> int | None:
    """Twilio's RecordingDuration ("42"); anything else is an unknown length, not a
    reason to lose the message."""
    try:
        return max(int(value), 0)
    except ValueError:
        return None


# Only what names the call and what happened is required: a field Twilio sends in a
# form we did not expect must not cost the message.
class RecordingSerializer(serializers.Serializer):
    CallSid = serializers.CharField(max_length=64)
    RecordingSid = serializers.CharField(max_length=64, required=False, default="")
    RecordingUrl = serializers.CharField(max_length=500, required=False, default="")
    RecordingStatus = serializers.CharField(max_length=32)
    RecordingDuration = serializers.CharField(required=False, allow_blank=True, default="")


class TranscriptionSerializer(serializers.Serializer):
    CallSid = serializers.CharField(max_length=64)
    From = serializers.CharField(required=False, allow_blank=True, default="")
    TranscriptionSid = serializers.CharField(max_length=64, required=False, default="")
    TranscriptionStatus = serializers.CharField(max_length=32)
    TranscriptionText = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=True
    )
    RecordingSid = serializers.CharField(max_length=64, required=False, default="")
    RecordingUrl = serializers.CharField(max_length=500, required=False, default="")


class TwilioWebhook(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebhookThrottle]
    parser_classes = [FormParser]

    def hook(self, secret: str) -> TelephonyHook:
        return get_object_or_404(TelephonyHook.objects.select_related("owner"), secret=secret)


def _callbacks(request: Request, secret: str) -> Callbacks:
    def url(name: str) -> str:
        return public_url(request, reverse(f"api:{name}", args=[secret]))

    return Callbacks(
        done=url("twilio-voice-done"),
        recording=url("twilio-voice-recording"),
        transcription=url("twilio-voice-transcription"),
    )


def _twiml(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


class TwilioVoiceView(TwilioWebhook):
    """A call forwarded to the Twilio number: recorded as a missed call now, answered
    with the greeting and the tone."""

    @extend_schema(request=VoiceSerializer, responses={200: TWIML})
    def post(self, request: Request, secret: str) -> HttpResponse:
        hook = self.hook(secret)
        data = twilio_fields(request, VoiceSerializer)
        owner = hook.owner
        preferences = preferences_of(owner)
        contact = None
        if data is not None:
            try:
                voicemail = voicemail_call_record(
                    owner=owner, call_sid=data["CallSid"], caller=data["From"]
                )
                contact = voicemail.missed_call.contact
            except Exception:
                # The caller hears the greeting all the same, and the recording's
                # callbacks record the call again (voicemail.services._locked).
                logger.exception("could not record the call %s", data["CallSid"])
        body = greeting_twiml(
            preferences=preferences,
            contact=contact,
            callbacks=_callbacks(request, secret),
            transcribe=transcribes(preferences.language),
        )
        return _twiml(body)


class TwilioVoiceDoneView(TwilioWebhook):
    """<Record>'s action, after the tone: the message is in; say goodbye."""

    @extend_schema(request=None, responses={200: TWIML})
    def post(self, request: Request, secret: str) -> HttpResponse:
        hook = self.hook(secret)
        data = twilio_fields(request, VoiceSerializer)
        if data is not None:
            voicemail_record_ended(owner=hook.owner, call_sid=data["CallSid"])
        return _twiml(hangup_twiml())


class TwilioRecordingView(TwilioWebhook):
    @extend_schema(request=RecordingSerializer, responses={200: None, 202: None})
    def post(self, request: Request, secret: str) -> Response:
        hook = self.hook(secret)
        data = twilio_fields(request, RecordingSerializer)
        if data is None:
            return Response({"ignored": True}, status=202)
        voicemail = voicemail_recording_update(
            owner=hook.owner,
            call_sid=data["CallSid"],
            recording_sid=data["RecordingSid"],
            recording_url=data["RecordingUrl"],
            status=data["RecordingStatus"],
            duration=_seconds(data["RecordingDuration"]),
        )
        return Response({"voicemail": voicemail.pk, "missed_call": voicemail.missed_call_id})


class TwilioTranscriptionView(TwilioWebhook):
    @extend_schema(request=TranscriptionSerializer, responses={200: None, 202: None})
    def post(self, request: Request, secret: str) -> Response:
        hook = self.hook(secret)
        data = twilio_fields(request, TranscriptionSerializer)
        if data is None:
            return Response({"ignored": True}, status=202)
        voicemail = voicemail_transcription_update(
            owner=hook.owner,
            call_sid=data["CallSid"],
            caller=data["From"],
            transcription_sid=data["TranscriptionSid"],
            recording_sid=data["RecordingSid"],
            recording_url=data["RecordingUrl"],
            status=data["TranscriptionStatus"],
            text=data["TranscriptionText"],
        )
        return Response({"voicemail": voicemail.pk, "missed_call": voicemail.missed_call_id})
