"""/api/voicemails/: the signed-in user's messages, their recordings played through this
server (to the owner's session only) and deleted."""

from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly
from voicemail.api.serializers import VoicemailSerializer
from voicemail.models import Voicemail
from voicemail.recordings import RecordingUnavailable, recording_open
from voicemail.selectors import voicemails_of
from voicemail.services import voicemail_recording_delete


def _flag(value: str | None, name: str) -> bool | None:
    if value is None or value == "":
        return None
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise ValidationError({name: [_("Use true or false.")]})


class VoicemailViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VoicemailSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_converter = "int"

    def get_queryset(self):
        params = self.request.query_params
        reminder = params.get("reminder")
        if reminder is not None and not reminder.isdigit():
            raise ValidationError({"reminder": [_("A reminder's id is a whole number.")]})
        return voicemails_of(
            signed_in(self.request),
            reminder=int(reminder) if reminder else None,
            withheld=_flag(params.get("withheld"), "withheld"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("reminder", int, description="Only this reminder's messages."),
            OpenApiParameter("withheld", bool, description="Only (or no) withheld callers."),
        ]
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        methods=["GET"],
        responses={(200, "audio/x-wav"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(detail=True, methods=["get", "delete"], permission_classes=[SessionOnly])
    def recording(self, request: Request, pk: int | None = None):
        """GET: the recording, fetched from Twilio with the account's credentials and
        passed on (Range requests too). DELETE: delete it here and at Twilio."""
        voicemail: Voicemail = self.get_object()
        if request.method == "DELETE":
            voicemail_recording_delete(owner=signed_in(request), voicemail=voicemail)
            return Response(status=status.HTTP_204_NO_CONTENT)
        if not voicemail.playable:
            raise NotFound(_("This voicemail has no recording (any more)."))
        try:
            audio = recording_open(
                voicemail.recording_url, range_header=request.headers.get("Range", "")
            )
        except RecordingUnavailable as error:
            if error.gone:
                raise NotFound(_("Twilio no longer has this recording.")) from None
            return Response(
                {"detail": _("The recording cannot be fetched from Twilio right now.")},
                status=status.HTTP_502_BAD_GATEWAY,
            )
        response = StreamingHttpResponse(audio.chunks, status=audio.status)
        for name, value in audio.headers.items():
            response[name] = value
        response.setdefault("Content-Type", "audio/x-wav")
        # The owner's own message: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response
