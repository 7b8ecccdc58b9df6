"""A chunked request body (no Content-Length) is read, or refused with a 411: never taken
for an empty body (project.body_limit).

Django's test client always sends a Content-Length, so these build the WSGI environ as a
server does; gunicorn (the Procfile's server) decodes the chunks and sets
`wsgi.input_terminated`, which the last test checks with a real gunicorn.
"""

import http.client
import io
import json
import re
import sys
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from accounts.models import Preferences
from accounts.services import api_token_create
from reminders.models import MissedCall
from tests.celery_worker import database_url, running

CSRF = "a" * 32


def wsgi_request(
    method: str, path: str, body: bytes, *, terminated: bool, headers: dict[str, str]
) -> tuple[int, dict]:
    """One request through Django's WSGI handler, with a chunked body as the server
    hands it on (already decoded), and no CONTENT_LENGTH."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "HTTP_HOST": "localhost",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **headers,
    }
    if terminated:
        environ["wsgi.input_terminated"] = True
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    # As Django's test client does: the test's database connection must stay open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], json.loads(content) if content else {}


@pytest.fixture
def session_headers(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    return {"HTTP_COOKIE": f"sessionid={session}; csrftoken={CSRF}", "HTTP_X_CSRFTOKEN": CSRF}


@pytest.fixture
def token_headers(user) -> dict[str, str]:
    _token, secret = api_token_create(owner=user, name="Shortcut")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_chunked_settings_change_is_read(user, session_headers):
    status, body = wsgi_request(
        "PATCH",
        "/api/me/",
        b'{"time_zone": "Europe/Berlin"}',
        terminated=True,
        headers=session_headers,
    )

    assert status == 200, body
    assert body["time_zone"] == "Europe/Berlin"
    assert Preferences.objects.get(user=user).time_zone == "Europe/Berlin"


def test_a_chunked_missed_call_is_read(user, token_headers):
    status, body = wsgi_request(
        "POST",
        "/api/missed-calls/",
        b'{"number": "+49301234567"}',
        terminated=True,
        headers=token_headers,
    )

    assert status == 201, body
    assert MissedCall.objects.get().number == "+49301234567"


def test_a_chunked_body_the_server_did_not_end_is_a_411(user, token_headers):
    status, body = wsgi_request(
        "POST",
        "/api/missed-calls/",
        b'{"number": "+49301234567"}',
        terminated=False,
        headers=token_headers,
    )

    assert status == 411
    assert "Content-Length" in body["detail"]
    assert not MissedCall.objects.exists()


def test_a_chunked_body_over_the_limit_is_a_413(user, token_headers, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    payload = json.dumps({"number": "+49301234567", "reason": "x" * 200}).encode()

    status, body = wsgi_request(
        "POST", "/api/missed-calls/", payload, terminated=True, headers=token_headers
    )

    assert status == 413
    assert "limit of 100 bytes" in body["detail"]
    assert not MissedCall.objects.exists()


def test_a_chunked_file_of_contacts_over_the_limit_is_a_400_naming_it(session_headers, settings):
    settings.LARGER_BODIES = {"/api/contacts/import/": 1000}
    body = b"x" * (1000 + 64 * 1024 + 1)

    status, answer = wsgi_request(
        "POST", "/api/contacts/import/", body, terminated=True, headers=session_headers
    )

    assert status == 400
    assert answer == {"file": ["A file may have at most 1000\xa0bytes."]}


@pytest.mark.django_db(transaction=True)
def test_gunicorn_passes_a_chunked_missed_call_through(user, tmp_path: Path, settings):
    _token, secret = api_token_create(owner=user, name="Shortcut")
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": database_url(),
    }
    args = [sys.executable, "-m", "gunicorn", "project.wsgi", "--bind", "127.0.0.1:0"]
    log = tmp_path / "gunicorn.log"
    with running([*args, "--workers", "1"], log_path=log, env=env, ready="Booting worker"):
        port = int(re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        # An iterable body without a length: http.client sends it chunked.
        chunks = iter([b'{"number": ', b'"+49301234567", ', b'"reason": "chunked"}'])
        connection.request(
            "POST",
            "/api/missed-calls/",
            body=chunks,
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        answer = json.loads(response.read())
        connection.close()

    assert response.status == 201, answer
    call = MissedCall.objects.get()
    assert (call.number, call.reason) == ("+49301234567", "chunked")
