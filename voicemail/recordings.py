"""Twilio's copy of a recording: fetched with the account's credentials to play it to
its owner, and deleted there when the owner deletes it. The only module that talks to
Twilio; credentials go only to the origins in TWILIO_MEDIA_ORIGINS."""

from collections.abc import Iterator
from dataclasses import dataclass

import requests
from django.conf import settings

CHUNK = 64 * 1024
# Connect, then read: a recording is a few hundred kilobytes.
TIMEOUT = (5, 30)
# Passed on both ways, so that the phone's player can seek (Range requests).
PASSED_ON = ("Content-Type", "Content-Length", "Content-Range", "Accept-Ranges")


class RecordingUnavailable(Exception):
    def __init__(self, message: str, *, gone: bool = False) -> None:
        super().__init__(message)
        self.gone = gone


def allowed(url: str) -> bool:
    return any(url.startswith(origin.rstrip("/") + "/") for origin in settings.TWILIO_MEDIA_ORIGINS)


def _auth() -> tuple[str, str] | None:
    if settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN:
        return (settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)
    return None  # media access public at Twilio: no credentials needed to read


@dataclass
class Audio:
    status: int
    headers: dict[str, str]
    chunks: Iterator[bytes]


def recording_open(url: str, *, range_header: str = "") -> Audio:
    """The recording as Twilio serves it (WAV at the plain URL), streamed."""
    if not allowed(url):
        raise RecordingUnavailable(f"not a Twilio media address: {url}")
    headers = {"Range": range_header} if range_header else {}
    try:
        response = requests.get(
            url, auth=_auth(), headers=headers, stream=True, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as error:
        raise RecordingUnavailable(str(error)) from error
    if response.status_code not in (200, 206):
        response.close()
        gone = response.status_code in (404, 410)
        raise RecordingUnavailable(f"Twilio answered {response.status_code}", gone=gone)
    passed = {name: response.headers[name] for name in PASSED_ON if name in response.headers}
    return Audio(response.status_code, passed, _chunks(response))


def _chunks(response: requests.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_content(CHUNK)
    finally:
        response.close()


def recording_delete_at_twilio(url: str) -> None:
    """DELETE on the recording's REST resource (its URL plus .json); gone is done."""
    if not allowed(url):
        return  # nothing of ours to delete there
    auth = _auth()
    if auth is None:
        raise RecordingUnavailable("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set")
    try:
        response = requests.delete(f"{url}.json", auth=auth, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise RecordingUnavailable(str(error)) from error
    if response.status_code not in (200, 204, 404):
        raise RecordingUnavailable(f"Twilio answered {response.status_code}")
