"""Processes the benchmarks start (beat, gunicorn) and what they cost (CPU, memory)."""

import sys
import threading
from pathlib import Path

import psutil
from django.conf import settings

from tests.celery_worker import database_url, running


def production_env(**extra) -> dict[str, str]:
    """What a deployment sets: DEBUG off (no query log kept, no debug pages) and the
    same keys as this process. (tests.celery_worker adds database and broker itself.)"""
    return {
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "VAPID_PRIVATE_KEY": settings.VAPID_PRIVATE_KEY_PEM.decode(),
        "SOURCES_KEY": settings.SOURCES_KEY.decode(),
        # Production refuses a placeholder subject; the local receiver reads none.
        "VAPID_SUBJECT": "mailto:bench@example.com",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        **{name: str(value) for name, value in extra.items()},
    }


def service_env(**extra) -> dict[str, str]:
    """production_env plus the benchmark's data folder, database and broker."""
    return production_env(
        DATA_DIR=settings.DATA_DIR,
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        **extra,
    )


def celery_beat(*, log_path: Path, env: dict[str, str]):
    schedule = settings.DATA_DIR / "bench-beat-schedule"
    schedule.unlink(missing_ok=True)
    args = [sys.executable, "-m", "celery", "--app", "project", "beat", "--loglevel", "INFO"]
    return running(
        [*args, "--schedule", str(schedule)], log_path=log_path, env=env, ready="Starting"
    )


def gunicorn(*, port: int, workers: int, log_path: Path, env: dict[str, str]):
    args = [sys.executable, "-m", "gunicorn", "project.wsgi", "--bind", f"127.0.0.1:{port}"]
    return running(
        [*args, "--workers", str(workers), "--log-level", "info"],
        log_path=log_path,
        env=env,
        ready="Booting worker",
    )


class TreeSampler:
    """Samples a process and its children: peak memory (the tree's PSS, which counts
    pages a prefork parent shares with its children once, and the largest process's
    RSS) and CPU seconds used, counting children that have come and gone."""

    def __init__(self, pid: int, *, interval: float = 0.2) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_tree_pss = 0
        self.peak_process_rss = 0
        self._cpu_start: dict[int, float] = {}
        self._cpu_last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _processes(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def sample(self) -> None:
        tree = 0
        for process in self._processes():
            try:
                memory = process.memory_full_info()
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            tree += memory.pss
            self.peak_process_rss = max(self.peak_process_rss, memory.rss)
            cpu = times.user + times.system
            self._cpu_start.setdefault(process.pid, cpu)
            self._cpu_last[process.pid] = cpu
        self.peak_tree_pss = max(self.peak_tree_pss, tree)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "TreeSampler":
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu_last[pid] - self._cpu_start[pid] for pid in self._cpu_last)
