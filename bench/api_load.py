"""Part 3, the API under load: gunicorn with 2 workers on PostgreSQL, one user with 500
contacts and 50 open reminders, 50 clients at once (closed loop, no pause between
requests) on GET /api/reminders/ and POST /api/missed-calls/ with a personal token;
and the queries each request costs, counted in this process at 5 and at 500 contacts."""

import asyncio
import json
import random
import time
from pathlib import Path

import aiohttp
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.services import api_token_create
from bench.data import contacts_create, database_reset, number_of, users_create
from bench.processes import gunicorn, service_env
from bench.report import Report, Row, percentile
from project.celery import app
from reminders.models import Source
from reminders.services.calls import missed_call_record

PORT = 8360
CLIENTS = 50
OPEN_REMINDERS = 50
SECONDS = 15
WARM_UP_SECONDS = 2
TARGET_P99_MS = 100
THROTTLE = "10000000/hour"


def _populate(contacts: int) -> tuple[str, list[str]]:
    """The user's token and their contacts' numbers."""
    database_reset()
    [user] = users_create(1, prefix="load")
    people = contacts_create([user], per_owner=contacts)
    numbers = [number_of(n) for n in range(len(people))]
    for n in range(OPEN_REMINDERS):
        # The first ones from contacts, the rest from numbers nobody saved.
        number = numbers[n] if n < len(numbers) else f"+49170{n:08d}"
        missed_call_record(owner=user, number=number, source=Source.API, reason="about Sunday")
    _token, secret = api_token_create(owner=user, name="load")
    return secret, numbers


def _queries(secret: str, numbers: list[str]) -> dict[str, int]:
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.get("/api/reminders/")  # preferences are made on first use
    counts = {}
    with CaptureQueriesContext(connection) as listing:
        assert client.get("/api/reminders/").status_code == 200
    counts["GET /api/reminders/"] = len(listing)
    with CaptureQueriesContext(connection) as logging:
        response = client.post(
            "/api/missed-calls/", {"number": numbers[-1]}, content_type="application/json"
        )
        assert response.status_code == 201, response.content
    counts["POST /api/missed-calls/"] = len(logging)
    return counts


async def _load(url: str, secret: str, body, *, seconds: float) -> tuple[list[float], int, float]:
    """Latencies (s) of successful requests, the number of failures, and the duration."""
    latencies: list[float] = []
    failures = 0
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=CLIENTS)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def client(until: float, record: bool) -> None:
            nonlocal failures
            while time.monotonic() < until:
                started = time.monotonic()
                if body is None:
                    request = session.get(url)
                else:
                    request = session.post(url, data=json.dumps(body()))
                async with request as response:
                    await response.read()
                    ok = response.status < 300
                if record:
                    if ok:
                        latencies.append(time.monotonic() - started)
                    else:
                        failures += 1

        warm = time.monotonic() + WARM_UP_SECONDS
        await asyncio.gather(*(client(warm, False) for _ in range(CLIENTS)))
        started = time.monotonic()
        await asyncio.gather(*(client(started + seconds, True) for _ in range(CLIENTS)))
        return latencies, failures, time.monotonic() - started


def _rows(part: str, name: str, result, target: bool) -> list[Row]:
    latencies, failures, took = result
    p99 = percentile(latencies, 0.99) * 1000
    return [
        Row(part, f"{name}: requests/s (failed)", f"{len(latencies) / took:,.0f} ({failures})"),
        Row(
            part,
            f"{name}: latency p50 / p99",
            f"{percentile(latencies, 0.5) * 1000:.0f} / {p99:.0f} ms",
            f"p99 ≤ {TARGET_P99_MS} ms" if target else "",
            p99 <= TARGET_P99_MS if target else None,
        ),
    ]


def run(report: Report, *, logs: Path) -> None:
    part = "3 API"
    secret, numbers = _populate(5)
    few = _queries(secret, numbers)
    secret, numbers = _populate(500)
    many = _queries(secret, numbers)
    for endpoint in few:
        report.add(
            Row(part, f"{endpoint}: queries at 5 / 500 contacts",
                f"{few[endpoint]} / {many[endpoint]}", "the same",
                few[endpoint] == many[endpoint])
        )  # fmt: skip
    secret, numbers = _populate(500)
    env = service_env(THROTTLE_TOKEN=THROTTLE, ALLOWED_HOSTS="127.0.0.1")
    base = f"http://127.0.0.1:{PORT}"
    with gunicorn(port=PORT, workers=2, log_path=logs / "gunicorn.log", env=env):
        listing = asyncio.run(_load(f"{base}/api/reminders/", secret, None, seconds=SECONDS))
        logging = asyncio.run(
            _load(
                f"{base}/api/missed-calls/",
                secret,
                lambda: {"number": random.choice(numbers), "reason": "load"},
                seconds=SECONDS,
            )
        )
    app.control.purge()  # each logged call asked for a dispatch run; no worker is here
    report.add(
        Row(part, "setup", f"gunicorn 2 workers, {CLIENTS} clients, {SECONDS} s each, "
            "client in the same 2 cores"),
        *_rows(part, f"GET /api/reminders/ ({OPEN_REMINDERS} open)", listing, target=True),
        *_rows(part, "POST /api/missed-calls/ (500 contacts)", logging, target=False),
    )  # fmt: skip
    database_reset()
