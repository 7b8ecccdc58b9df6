"""One table for every benchmark, printed and written to bench/results.md with the machine."""

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from django.db import connection

RESULTS = Path(__file__).resolve().parent / "results.md"
# Written by hand after profiling: what limits each missed target, what would lift it.
LIMITS = Path(__file__).resolve().parent / "limits.md"


@dataclass
class Row:
    part: str
    metric: str
    value: str
    target: str = ""
    met: bool | None = None  # None: reported, no target

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: ""}[self.met]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (title, preformatted text)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)
        # Printed as they come: a part that fails later does not take them with it.
        for r in rows:
            print(f"| {r.part} | {r.metric} | {r.value} | {r.target} | {r.verdict} |", flush=True)

    def note(self, title: str, text: str) -> None:
        self.notes.append((title, text))

    def table(self) -> str:
        lines = ["| part | metric | value | target | |", "|---|---|---|---|---|"]
        lines += [f"| {r.part} | {r.metric} | {r.value} | {r.target} | {r.verdict} |" for r in self]
        return "\n".join(lines)

    def __iter__(self):
        return iter(self.rows)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _redis_version(url: str) -> str:
    try:
        import redis

        return redis.Redis.from_url(url).info()["redis_version"]
    except Exception as error:  # a broker that is not Redis, or not reachable
        return f"unknown ({type(error).__name__})"


def _chromium_version() -> str:
    try:
        return subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except FileNotFoundError:  # part 4 was not run here: it installs nothing itself
        return ""


def machine(broker_url: str) -> list[tuple[str, str]]:
    chromium = _chromium_version()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{_cpu_model()}, {cores} cores (shared with other jobs)"),
        # Other sessions' work on the same cores: the run's numbers move with it.
        ("load average 1 / 5 / 15 min at the end", " / ".join(f"{x:.1f}" for x in os.getloadavg())),
        ("Python", platform.python_version()),
        ("PostgreSQL", postgres),
        ("Redis", _redis_version(broker_url)),
        (
            "packages",
            ", ".join(
                f"{name} {version(name)}"
                for name in ("Django", "celery", "pywebpush", "django-webpush", "gunicorn")
            ),
        ),
        ("Chromium", chromium or "not installed"),
    ]


def write(report: Report, *, machine_facts: list[tuple[str, str]], took: float) -> str:
    facts = "\n".join(f"- {name}: {value}" for name, value in machine_facts)
    notes = "\n\n".join(f"### {title}\n\n```\n{text.rstrip()}\n```" for title, text in report.notes)
    limits = LIMITS.read_text() if LIMITS.exists() else ""
    text = (
        "# Ringback benchmarks\n\n"
        f"Written by `make bench` ({took / 60:.1f} min).\n\n{facts}\n\n"
        f"## Results\n\n{report.table()}\n\n## Details\n\n{notes}\n\n{limits}"
    )
    RESULTS.write_text(text)
    return text
