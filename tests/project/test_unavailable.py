"""The database or the broker away: 503 with Retry-After (JSON for the API, a plain page
elsewhere), nothing half-written, and the retry acting exactly once.

The outage test cuts real connections: a TCP proxy stands between the web server (a real
WSGI server in a thread, so Django's per-request connection handling runs as in
production) and the test's PostgreSQL database. SQLite is a file: nothing to cut there.
"""

import asyncio
import threading
from collections.abc import Iterator
from datetime import timedelta
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import requests
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections
from django.test import Client
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts import idempotency
from accounts.services import api_token_create
from reminders.models import MissedCall, Reminder
from reminders.services import calls
from tests.ci import require


def get_while_the_database_is_away(user, monkeypatch, path: str):
    """A signed-in request whose session cannot be read: the database went away."""
    client = Client(raise_request_exception=False)
    client.force_login(user)

    def away(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", away)
    return client.get(path)


def test_the_api_answers_503_json_with_retry_after_when_the_database_is_away(user, monkeypatch):
    response = get_while_the_database_is_away(user, monkeypatch, "/api/reminders/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": response.json()["detail"], "retry": True}
    assert response["Retry-After"] == "5"


def test_pages_answer_a_plain_503_page(user, monkeypatch):
    response = get_while_the_database_is_away(user, monkeypatch, "/admin/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"Try again shortly" in response.content
    assert response["Retry-After"] == "5"


def test_a_broker_error_is_a_503_too_and_a_bug_stays_a_500(api, monkeypatch):
    from reminders.api import views

    api.raise_request_exception = False
    monkeypatch.setattr(views, "missed_call_record", _raise(BrokerError("refused")))
    broker = api.post("/api/missed-calls/", {"number": "+49302222222"}, format="json")
    monkeypatch.setattr(views, "missed_call_record", _raise(ValueError("a bug")))
    bug = api.post("/api/missed-calls/", {"number": "+49302222222"}, format="json")

    assert (broker.status_code, broker["Retry-After"], broker.json()["retry"]) == (503, "5", True)
    assert bug.status_code == 500


def _raise(error: Exception):
    def raising(**kwargs):
        raise error

    return raising


class CuttableProxy:
    """A TCP proxy whose connections can be cut (every open one aborted, new ones closed
    at once) and restored, as a database host's network failing would."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.open = True
        self.writers: set[asyncio.StreamWriter] = set()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = self._call(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.open:
            writer.transport.abort()
            return
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.transport.abort()
            self.writers.discard(writer)

    async def _cut(self) -> None:
        self.open = False
        for writer in list(self.writers):
            writer.transport.abort()

    def cut(self) -> None:
        self._call(self._cut())

    def restore(self) -> None:
        self.open = True

    def stop(self) -> None:
        self.cut()
        self.server.close()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def through_proxy(transactional_db) -> Iterator[tuple[CuttableProxy, str]]:
    """A real WSGI server in a thread, its database connections through the proxy."""
    require(
        connection.vendor == "postgresql",
        "cutting a database connection needs PostgreSQL: DATABASE_URL=postgres://…",
    )
    # The test's own connection stays direct: opened before the server's go through.
    connection.ensure_connection()
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("HOST", "PORT")}
    proxy = CuttableProxy(saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432))
    settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
    server = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=QuietHandler)

    def serve() -> None:
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield proxy, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
        settings_dict.update(saved)
        proxy.stop()
        connection.close()


def test_a_database_cut_mid_request_is_a_503_and_the_retry_writes_once(
    through_proxy, user, monkeypatch
):
    proxy, base = through_proxy
    _token, secret = api_token_create(owner=user, name="Phone")
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {secret}", "Idempotency-Key": "call-1"})
    real_open_or_join = calls._open_or_join
    cuts = []

    def open_then_cut(**kwargs):
        reminder = real_open_or_join(**kwargs)  # written, inside the call's transaction
        if not cuts:
            cuts.append(proxy.cut())  # the network fails before the call is stored
        return reminder

    monkeypatch.setattr(calls, "_open_or_join", open_then_cut)

    url = f"{base}/api/missed-calls/"
    call = {"number": "+49302222222"}

    with time_machine.travel(timezone.now(), tick=True) as clock:
        cut = session.post(url, json=call, timeout=30)
        while_away = session.post(url, json=call, timeout=30)
        proxy.restore()
        # The lost connection left the key claimed (not its call: that rolled back).
        claimed = session.post(url, json=call, timeout=30)
        clock.shift(idempotency.ABANDONED_AFTER + timedelta(seconds=1))
        retried = session.post(url, json=call, timeout=30)
        again = session.post(url, json=call, timeout=30)

    assert [cut.status_code, while_away.status_code] == [503, 503]
    assert cut.json()["retry"] is True and while_away.json()["retry"] is True
    assert cut.headers["Retry-After"] == while_away.headers["Retry-After"] == "5"
    assert (claimed.status_code, claimed.headers["Retry-After"]) == (409, "1")
    assert (retried.status_code, again.status_code) == (201, 201)
    assert again.json() == retried.json()
    assert MissedCall.objects.filter(owner=user).count() == 1
    assert Reminder.objects.filter(owner=user).count() == 1
