"""Requests exactly as Twilio sends them: an urlencoded POST with the documented
parameters, signed with the auth token over the full URL and the sorted parameters
(X-Twilio-Signature, computed by the `twilio` package's RequestValidator)."""

from urllib.parse import urlencode

from rest_framework.test import APIClient
from twilio.request_validator import RequestValidator

AUTH_TOKEN = "twilio-auth-token-for-tests"
ACCOUNT_SID = "AC" + "a1" * 16
TWILIO_NUMBER = "+4930555000111"
FORM = "application/x-www-form-urlencoded"


def recording_sid(n: int = 1) -> str:
    return f"RE{n:032x}"


def call_sid(n: int = 1) -> str:
    return f"CA{n:032x}"


def recording_url(n: int = 1, origin: str = "https://api.twilio.com") -> str:
    return f"{origin}/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{recording_sid(n)}"


def post(path: str, params: dict, *, token: str = AUTH_TOKEN):
    signature = RequestValidator(token).compute_signature(f"http://testserver{path}", params)
    return APIClient().post(
        path, urlencode(params), content_type=FORM, HTTP_X_TWILIO_SIGNATURE=signature
    )


def voice(caller: str, n: int = 1) -> dict:
    """The "A call comes in" request of a call forwarded from the user's mobile."""
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "CallSid": call_sid(n),
        "CallStatus": "ringing",
        "Called": TWILIO_NUMBER,
        "CalledCountry": "DE",
        "Caller": caller,
        "CallerCountry": "DE",
        "Direction": "inbound",
        "ForwardedFrom": "+4915112345678",
        "From": caller,
        "FromCountry": "DE",
        "To": TWILIO_NUMBER,
        "ToCountry": "DE",
    }


def recording(n: int = 1, *, duration: int = 42, status: str = "completed", **extra) -> dict:
    """<Record>'s recordingStatusCallback (it carries no From)."""
    params = {
        "AccountSid": ACCOUNT_SID,
        "CallSid": call_sid(n),
        "RecordingSid": recording_sid(n),
        "RecordingUrl": recording_url(n),
        "RecordingStatus": status,
        "RecordingDuration": str(duration),
        "RecordingChannels": "1",
        "RecordingStartTime": "Fri, 04 Dec 2026 10:00:05 +0000",
        "RecordingSource": "RecordVerb",
    }
    if status == "absent":
        # Too short to keep (error 16101): no recording.
        params.update(ErrorCode="16101", RecordingDuration="0")
    return {**params, **extra}


def transcription(caller: str, text: str, n: int = 1, *, status: str = "completed") -> dict:
    """<Record>'s transcribeCallback: the transcript and the standard call parameters."""
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "CallSid": call_sid(n),
        "CallStatus": "completed",
        "Direction": "inbound",
        "ForwardedFrom": "+4915112345678",
        "From": caller,
        "To": TWILIO_NUMBER,
        "RecordingSid": recording_sid(n),
        "RecordingUrl": recording_url(n),
        "TranscriptionSid": f"TR{n:032x}",
        "TranscriptionStatus": status,
        "TranscriptionText": text if status == "completed" else "",
        "TranscriptionUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}"
        f"/Recordings/{recording_sid(n)}/Transcriptions/TR{n:032x}",
    }
