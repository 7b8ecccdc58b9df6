"""A local stand-in for Twilio's recording addresses: serves a recording (WAV, as Twilio
does at the plain URL) only with the account's HTTP basic auth, Range requests included,
and deletes it on DELETE <url>.json, as Twilio's REST API does."""

import base64
import io
import math
import re
import struct
import threading
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.voicemail.twilio import ACCOUNT_SID, AUTH_TOKEN

RANGE = re.compile(r"bytes=(\d+)-(\d*)")


def tone_wav(seconds: float = 0.5, rate: int = 8000) -> bytes:
    """A short 440 Hz tone, 16-bit mono: a recording to serve."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(int(seconds * rate))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


class RecordingStandIn:
    def __init__(self) -> None:
        self.recordings: dict[str, bytes] = {}
        self.requests: list[tuple[str, str, bool]] = []
        self.fail_with: int | None = None
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _authorized(self) -> bool:
                expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
                ok = self.headers.get("Authorization") == f"Basic {expected}"
                stand_in.requests.append((self.command, self.path, ok))
                if stand_in.fail_with:
                    self.send_response(stand_in.fail_with)
                    self.end_headers()
                    return False
                if not ok:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
                    self.end_headers()
                return ok

            def do_GET(self) -> None:
                if not self._authorized():
                    return
                body = stand_in.recordings.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                status, start, end = 200, 0, len(body) - 1
                wanted = RANGE.fullmatch(self.headers.get("Range", ""))
                if wanted:
                    status, start = 206, int(wanted.group(1))
                    end = int(wanted.group(2)) if wanted.group(2) else end
                self.send_response(status)
                self.send_header("Content-Type", "audio/x-wav")
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", str(end - start + 1))
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{end}/{len(body)}")
                self.end_headers()
                self.wfile.write(body[start : end + 1])

            def do_DELETE(self) -> None:
                if not self._authorized():
                    return
                found = stand_in.recordings.pop(self.path.removesuffix(".json"), None)
                self.send_response(204 if found is not None else 404)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "RecordingStandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def serving_recordings(settings) -> Iterator[RecordingStandIn]:
    """The stand-in, running, as the only Twilio media origin, with the account's SID
    and auth token set (pytest-django's `settings` puts them back afterwards)."""
    with RecordingStandIn() as server:
        settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
        settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
        settings.TWILIO_MEDIA_ORIGINS = [server.origin]
        yield server
