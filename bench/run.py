"""`make bench`: every benchmark against this machine's PostgreSQL and Redis, one table.

    python -m bench.run [--only fanout,scan,api,app] [--sizes 1000,10000] [--latency 0.05]
                        [--sweep 128,512]

BENCH_DATABASE_URL and BENCH_BROKER_URL choose the services (defaults below); the
database is created if missing and emptied by each part.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ringback_bench"
DEFAULT_BROKER = "redis://127.0.0.1:6379/5"
PARTS = ("fanout", "scan", "api", "app", "reach", "import", "backpressure", "sources")
# "calendars" alone: the CalDAV rows of part 5 without the address book and the mailbox.


def _environment() -> None:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", DEFAULT_BROKER)
    os.environ.setdefault("DATA_DIR", str(ROOT / "data" / "bench"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def _database_create() -> None:
    """CREATE DATABASE when it does not exist yet (it needs a connection elsewhere)."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = {
        "host": db["HOST"] or "localhost",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if exists.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default=",".join(PARTS))
    parser.add_argument("--sizes", default="1000,10000", help="fan-out N values")
    parser.add_argument("--worker-processes", type=int, default=2, help="fan-out workers")
    parser.add_argument("--latency", type=float, default=0.05, help="push service seconds")
    parser.add_argument("--baseline-sample", type=int, default=50, help="reminders")
    parser.add_argument(
        "--sweep", default="128,512", help="other PUSH_CONCURRENCY values tried at the largest N"
    )
    parser.add_argument("--scan-sizes", default="10000,1000000")
    args = parser.parse_args(argv)
    parts = args.only.split(",")
    _environment()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench.report import Report, machine, write

    _database_create()
    # Settings create no folders (STATIC_ROOT for gunicorn's WhiteNoise, beat's schedule).
    call_command("prepare_data_dir", verbosity=0)
    call_command("migrate", verbosity=0)
    logs = settings.DATA_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report = Report()
    if "fanout" in parts:
        from bench import fanout

        sizes = [int(n) for n in args.sizes.split(",")]
        fanout.run(
            report,
            sizes=sizes,
            processes=args.worker_processes,
            latency=args.latency,
            sample=args.baseline_sample,
            logs=logs,
            sweep=[int(n) for n in args.sweep.split(",") if n],
        )
    if "scan" in parts:
        from bench import scan

        scan.run(report, sizes=[int(n) for n in args.scan_sizes.split(",")])
    if "api" in parts:
        from bench import api_load

        api_load.run(report, logs=logs)
    if "backpressure" in parts:
        from bench import back_pressure

        back_pressure.run(report, logs=logs)
    if "app" in parts:
        from bench import app_weight

        app_weight.run(report, logs=logs)
    if "reach" in parts:
        from bench import reach_load

        reach_load.run(report, logs=logs)
    if "import" in parts:
        from bench import importing

        importing.run(report, sqlite_path=settings.DATA_DIR / "bench-import.sqlite3")
    if "sources" in parts:
        from bench import sources

        sources.run(report)
    if "sources" in parts or "calendars" in parts:
        from bench import calendars

        calendars.run(report)
    took = time.monotonic() - started
    print(report.table())
    for title, text in report.notes:
        print(f"\n{title}\n{text}")
    write(report, machine_facts=machine(settings.CELERY_BROKER_URL), took=took)
    print(f"\nWritten to bench/results.md ({took / 60:.1f} min; logs in {logs}).")


if __name__ == "__main__":
    main(sys.argv[1:])
