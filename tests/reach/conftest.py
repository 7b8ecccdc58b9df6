"""Real receivers for the channels: an SMTP server (aiosmtpd) and an HTTP server that
takes what Apprise's ntfy:// plugin posts, both on 127.0.0.1, on free ports."""

import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from tests.reminders.conftest import dispatch  # noqa: F401 (the dispatcher, in this process)
from tests.waiting import PATIENCE


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return (
            f"mailto://127.0.0.1:{self.port}?from=ringback@example.com"
            "&to=alice@example.com&mode=insecure"
        )

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int) -> list[EmailMessage]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, PATIENCE)
            return list(self.messages)


@pytest.fixture
def mailbox():
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


@dataclass
class Ntfy:
    """What ntfy's server would take: the posts to its topics."""

    port: int = 0
    posts: list[dict] = field(default_factory=list)
    status: int = 200

    def url(self, topic: str = "ringback-alice") -> str:
        return f"ntfy://127.0.0.1:{self.port}/{topic}"


@pytest.fixture
def ntfy():
    received = Ntfy()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                document = json.loads(body)
            except ValueError:
                document = {"raw": body.decode(errors="replace")}
            received.posts.append({"path": self.path, "headers": dict(self.headers), **document})
            answer = b'{"id":"x1"}' if received.status == 200 else b'{"error":"nope"}'
            self.send_response(received.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    received.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_channels(settings):
    """The receivers are on this machine: the operator allows private hosts here."""
    settings.CHANNEL_ALLOW_PRIVATE_HOSTS = True
    settings.PUBLIC_URL = "https://ringback.example"
