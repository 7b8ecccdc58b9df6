"""A real Celery worker process on the configured broker and the test database."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.waiting import eventually

ROOT = Path(__file__).resolve().parent.parent
WORKER_QUEUES = "celery,dispatch"


def database_url() -> str:
    """The URL of the test database pytest-django created, for another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@contextmanager
def running(
    args: list[str], *, log_path: Path, env: dict[str, str], ready: str
) -> Iterator[subprocess.Popen]:
    """A process of this project (our environment plus `env`), yielded once `ready`
    shows in its log; it is stopped on exit unless the caller killed it already."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            args, cwd=ROOT, env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            started = eventually(
                lambda: ready in log_path.read_text() or process.poll() is not None
            )
            if not started or process.poll() is not None:
                raise RuntimeError(f"{args[2:5]} did not start:\n{log_path.read_text()}")
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def running_worker(
    *extra_args: str, log_path: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """A worker with the given extra environment (settings read from env, e.g.
    PUSH_EXTRA_ORIGINS); it is stopped on exit unless the test killed it already."""
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **(env or {}),
    }
    args = [sys.executable, "-m", "celery", "--app", "project", "worker", "--loglevel", "INFO"]
    quiet = ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    # Both queues, as the Procfile's worker: batches and dispatcher runs.
    queues = ["--queues", WORKER_QUEUES]
    with running(
        [*args, *quiet, *queues, *extra_args], log_path=log_path, env=env, ready="ready."
    ) as process:
        yield process
