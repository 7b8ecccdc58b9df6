from django.urls import path
from rest_framework.routers import SimpleRouter

from voicemail.api.views import VoicemailViewSet
from voicemail.api.webhooks import (
    TwilioRecordingView,
    TwilioTranscriptionView,
    TwilioVoiceDoneView,
    TwilioVoiceView,
)

router = SimpleRouter(use_regex_path=False)
router.register("voicemails", VoicemailViewSet, basename="voicemail")

urlpatterns = [
    path("webhooks/twilio/<str:secret>/voice/", TwilioVoiceView.as_view(), name="twilio-voice"),
    path(
        "webhooks/twilio/<str:secret>/voice/done/",
        TwilioVoiceDoneView.as_view(),
        name="twilio-voice-done",
    ),
    path(
        "webhooks/twilio/<str:secret>/voice/recording/",
        TwilioRecordingView.as_view(),
        name="twilio-voice-recording",
    ),
    path(
        "webhooks/twilio/<str:secret>/voice/transcription/",
        TwilioTranscriptionView.as_view(),
        name="twilio-voice-transcription",
    ),
    *router.urls,
]
