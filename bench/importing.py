"""The import of a whole address book: 5,000 cards with 3 numbers each, dry run and real,
on PostgreSQL (the bench's database) and on SQLite (the embedded default), also with
every number kept as written (national German numbers for a user in the USA); and how
long another user's missed call takes while that import runs (it must never be lost).

Each database is measured in a child process of its own (`python -m bench.importing
--child`), since Django's settings choose the database once per process.
"""

import json
import os
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

from bench.report import Report, Row

CARDS, NUMBERS = 5000, 3
TARGET_SECONDS = 5.0


def address_book(cards: int = CARDS) -> bytes:
    lines = []
    for i in range(cards):
        lines.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:Person {i}\r\nTEL;TYPE=CELL:+49 151 {10_000_000 + i:08d}\r\n"
            f"TEL;TYPE=HOME:+49 30 {2_000_000 + i:07d}\r\n"
            f"TEL;TYPE=WORK:+49 89 {3_000_000 + i:07d}\r\n"
            f"EMAIL:p{i}@example.org\r\nBDAY:1980-03-22\r\nEND:VCARD\r\n"
        )
    return "".join(lines).encode()


def foreign_book(cards: int = CARDS) -> bytes:
    """National German numbers, for a user whose numbers are American: every number is
    kept as written and flagged (the slow path of issue 20's first measurement)."""
    return b"".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nTEL:030 2{i:06d}\r\n"
        f"TEL:0151 1{i:07d}\r\nTEL:089 3{i:06d}\r\nEND:VCARD\r\n".encode()
        for i in range(cards)
    )


def _timed(results: dict[str, float], key: str, work) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    results[key] = time.perf_counter() - wall
    results[f"{key}_cpu"] = time.process_time() - cpu


def _calls_during(work, owner) -> tuple[list[float], int]:
    """Run `work` in a thread while missed calls for `owner` are logged every 50 ms:
    their latencies, and how many were lost (raised)."""
    from django.db import connection

    from reminders.services.calls import missed_call_record

    done = threading.Event()

    def run() -> None:
        try:
            work()
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=run)
    thread.start()
    latencies, lost, i = [], 0, 0
    while not done.is_set():
        started = time.perf_counter()
        try:
            missed_call_record(owner=owner, number=f"+4940{5_000_000 + i}")
        except Exception:
            lost += 1
        latencies.append(time.perf_counter() - started)
        i += 1
        time.sleep(0.05)
    thread.join()
    return latencies, lost


def child() -> dict[str, float]:
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.services import preferences_update
    from accounts.users import User
    from contacts.importing.service import contacts_import

    call_command("migrate", verbosity=0)
    stamp = str(time.time_ns())
    importer = User.objects.create(username=f"bench-import-{stamp}")
    caller = User.objects.create(username=f"bench-caller-{stamp}")
    data = address_book()
    results: dict[str, float] = {}
    abroad = User.objects.create(username=f"bench-import-us-{stamp}")
    preferences_update(user=abroad, phone_region="US")
    foreign = foreign_book()
    for prefix, owner, book in (("", importer, data), ("flagged_", abroad, foreign)):
        for dry_run, key in ((True, "dry"), (False, "real")):
            work = partial(contacts_import, owner=owner, data=book, dry_run=dry_run)
            _timed(results, prefix + key, work)
    second = User.objects.create(username=f"bench-import2-{stamp}")
    latencies, lost = _calls_during(lambda: contacts_import(owner=second, data=data), caller)
    results["call_max"] = max(latencies, default=0.0)
    results["call_median"] = sorted(latencies)[len(latencies) // 2] if latencies else 0.0
    results["calls"], results["lost"] = len(latencies), lost
    for user in (importer, caller, second, abroad):
        user.delete()
    return results


def _measure(database_url: str) -> dict[str, float]:
    env = {**os.environ, "DATABASE_URL": database_url}
    root = Path(__file__).resolve().parent.parent
    answer = subprocess.run(
        [sys.executable, "-m", "bench.importing", "--child"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def run(report: Report, *, sqlite_path: Path) -> None:
    sqlite_path.unlink(missing_ok=True)
    databases = {
        "PostgreSQL": os.environ["DATABASE_URL"],
        "SQLite": f"sqlite:///{sqlite_path}",
    }
    for name, url in databases.items():
        found = _measure(url)
        rows = (
            ("dry", "dry run"),
            ("real", "import"),
            ("flagged_dry", "dry run, every number kept as written (a US user's German book)"),
            ("flagged_real", "import, every number kept as written"),
        )
        for key, label in rows:
            seconds = found[key]
            report.add(
                Row(
                    "import",
                    f"{CARDS:,} cards × {NUMBERS} numbers, {label} ({name}; CPU "
                    f"{found[key + '_cpu']:.2f} s)",
                    f"{seconds:.2f} s",
                    f"≤ {TARGET_SECONDS:g} s",
                    seconds <= TARGET_SECONDS,
                )
            )
        report.add(
            Row(
                "import",
                f"another user's missed call during the import ({name}; "
                f"{found['calls']:.0f} calls, median {found['call_median'] * 1000:.0f} ms, "
                f"{found['lost']:.0f} lost)",
                f"max {found['call_max'] * 1000:.0f} ms",
                "none lost, ≤ 1 s",
                found["lost"] == 0 and found["call_max"] <= 1.0,
            )
        )


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    print(json.dumps(child()))
