"""The web worker waits as gunicorn's own does — a connection, the wake-up pipe, or
nothing until the timeout — but with epoll, so that a connection wakes one worker; the
Procfile's server runs on it and stops cleanly."""

import http.client
import os
import re
import select
import socket
import sys
from pathlib import Path

import pytest
from gunicorn.config import Config

from project.web_worker import SyncWorker
from tests.celery_worker import running
from tests.ci import require


@pytest.fixture(autouse=True)
def _epoll():
    require(hasattr(select, "EPOLLEXCLUSIVE"), "EPOLLEXCLUSIVE is Linux's (4.5 and later)")


PROCFILE = (Path(__file__).resolve().parents[2] / "Procfile").read_text()


@pytest.fixture
def listener():
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    yield server
    server.close()


def _worker(listener) -> SyncWorker:
    worker = SyncWorker(
        age=1, ppid=os.getpid(), sockets=[listener], app=None, timeout=30, cfg=Config(), log=None
    )
    # What gunicorn's init_process sets up in the worker's process.
    worker.PIPE = os.pipe()
    worker.wait_fds = [*worker.sockets, worker.PIPE[0]]
    return worker


def test_a_waiting_connection_is_ready(listener):
    worker = _worker(listener)
    client = socket.create_connection(listener.getsockname())

    assert worker.wait(5) == [listener]
    connection, _address = listener.accept()
    assert worker.wait(0) is None  # accepted: nothing waits any more
    connection.close()
    client.close()


def test_nothing_waits_until_the_timeout(listener):
    assert _worker(listener).wait(0.01) is None


def test_a_signal_on_the_pipe_wakes_the_worker_and_is_read(listener):
    worker = _worker(listener)
    os.write(worker.PIPE[1], b".")

    assert worker.wait(5) == [worker.PIPE[0]]
    assert worker.wait(0) is None


def test_listeners_wake_one_worker_and_the_pipe_its_own(listener, monkeypatch):
    registered = {}
    epoll = select.epoll

    class Recording:
        def __init__(self):
            self.epoll = epoll()

        def register(self, fd, flags):
            registered[fd] = flags
            self.epoll.register(fd, flags)

        def poll(self, timeout):
            return self.epoll.poll(timeout)

    monkeypatch.setattr(select, "epoll", Recording)
    worker = _worker(listener)

    assert worker.wait(0) is None
    assert registered == {
        listener.fileno(): select.EPOLLIN | select.EPOLLEXCLUSIVE,
        worker.PIPE[0]: select.EPOLLIN,
    }


def test_two_workers_wait_on_one_socket_and_an_accepted_connection_leaves_both(listener):
    first, second = _worker(listener), _worker(listener)
    client = socket.create_connection(listener.getsockname())

    woken = [worker for worker in (first, second) if worker.wait(5 if worker is first else 0)]
    connection, _address = listener.accept()

    assert woken[0] is first
    assert first.wait(0) is None and second.wait(0) is None
    connection.close()
    client.close()


def test_the_procfiles_server_runs_on_it_and_stops(tmp_path: Path, settings):
    assert "--worker-class project.web_worker.SyncWorker" in PROCFILE
    args = [sys.executable, "-m", "gunicorn", "project.wsgi", "--bind", "127.0.0.1:0"]
    args += ["--workers", "2", "--worker-class", "project.web_worker.SyncWorker"]
    log = tmp_path / "gunicorn.log"
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "DATA_DIR": str(settings.DATA_DIR)}
    with running(args, log_path=log, env=env, ready="Booting worker") as server:
        port = int(re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())[1])
        statuses = []
        for _ in range(20):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/manifest.webmanifest")
            statuses.append(connection.getresponse().status)
            connection.close()
        server.terminate()
        assert server.wait(timeout=30) == 0

    assert statuses == [200] * 20
    text = log.read_text()
    assert "Shutting down: Master" in text
    assert "Traceback" not in text
