"""Real receivers for the channels: an SMTP server (aiosmtpd) and an ntfy server
(tests/ntfy_receiver.py), both on 127.0.0.1, on free ports."""

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.ntfy_receiver import NtfyReceiver
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


@pytest.fixture
def ntfy():
    with NtfyReceiver() as receiver:
        yield receiver


@pytest.fixture
def local_channels(settings):
    """The receivers are on this machine: the operator allows private hosts here."""
    settings.CHANNEL_ALLOW_PRIVATE_HOSTS = True
    settings.PUBLIC_URL = "https://ringback.example"
