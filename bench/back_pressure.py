"""Part 5, back-pressure: POST /api/missed-calls/ at twice the rate the server sustains,
each client giving up after CLIENT_TIMEOUT s, with and without REQUEST_QUEUE_TIMEOUT_MS.

The load generator stands in for the proxy: it stamps each request's `X-Request-Start`
with the moment the request was due (nginx's `t=${msec}` form). Targets: the requests
answered 201 keep p99 ≤ 1 s, and no call is stored for a client that had given up
(calls stored minus 201s received)."""

import asyncio
import json
import random
import time

import aiohttp

from bench.api_load import _closed, _populate
from bench.processes import TreeSampler, gunicorn, service_env
from bench.report import Report, Row, percentile
from project.celery import app
from reminders.models import MissedCall

PORT = 8362
MEASURE_SECONDS = 5
SECONDS = 15
CLIENT_TIMEOUT = 2.0
BOUND_MS = 700
TARGET_P99_S = 1.0


async def _open(url: str, secret: str, numbers: list[str], *, rate: float) -> dict:
    """`rate` requests a second for SECONDS, each sent when due whatever is unanswered."""
    answered: list[float] = []
    counts = {"refused": 0, "gave_up": 0, "other": 0}
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def one(due: float) -> None:
            await asyncio.sleep(max(due - time.monotonic(), 0))
            stamp = {"X-Request-Start": f"t={time.time():.3f}"}
            body = json.dumps({"number": random.choice(numbers), "reason": "load"})
            try:
                async with session.post(url, data=body, headers=stamp, timeout=timeout) as r:
                    await r.read()
                    status = r.status
            except (TimeoutError, aiohttp.ClientError):
                counts["gave_up"] += 1
                return
            if status == 201:
                answered.append(time.monotonic() - due)
            elif status == 503:
                counts["refused"] += 1
            else:
                counts["other"] += 1

        start = time.monotonic()
        total = int(SECONDS * rate)
        await asyncio.gather(*(one(start + i / rate) for i in range(total)))
    return {"answered": answered, "sent": total, **counts}


def _one_server(bound_ms: int, secret: str, numbers: list[str], logs, rate: float | None):
    env = service_env(
        THROTTLE_TOKEN="10000000/hour",
        ALLOWED_HOSTS="127.0.0.1",
        REQUEST_QUEUE_TIMEOUT_MS=str(bound_ms),
    )
    url = f"http://127.0.0.1:{PORT}/api/missed-calls/"
    log = logs / f"gunicorn-back-pressure-{bound_ms}.log"
    with gunicorn(port=PORT, workers=2, log_path=log, env=env) as server:
        asyncio.run(_closed(url, secret, lambda: {"number": numbers[0]}, seconds=2))
        if rate is None:
            latencies, _failures, took, _sent = asyncio.run(
                _closed(url, secret, lambda: {"number": random.choice(numbers)},
                        seconds=MEASURE_SECONDS)
            )  # fmt: skip
            rate = len(latencies) / took
        before = MissedCall.objects.count()
        with TreeSampler(server.pid) as sampler:
            result = asyncio.run(_open(url, secret, numbers, rate=2 * rate))
        time.sleep(CLIENT_TIMEOUT * 5)  # let the server finish what it still holds
        result["stored"] = MissedCall.objects.count() - before
        result["cpu"] = sampler.cpu_seconds
    return rate, result


def _rows(part: str, name: str, result: dict, target: bool) -> list[Row]:
    answered = result["answered"]
    p99 = percentile(answered, 0.99) if answered else float("inf")
    late = result["stored"] - len(answered)
    return [
        Row(part, f"{name}: sent / 201 / 503 at once / client gave up",
            f"{result['sent']} / {len(answered)} / {result['refused']} / {result['gave_up']}"),
        Row(part, f"{name}: 201 latency p50 / p99",
            f"{percentile(answered, 0.5) * 1000:.0f} / {p99 * 1000:.0f} ms" if answered else "-",
            f"p99 ≤ {TARGET_P99_S * 1000:.0f} ms" if target else "",
            p99 <= TARGET_P99_S if target else None),
        Row(part, f"{name}: calls stored for a client that had given up", str(late),
            "0" if target else "", late <= 0 if target else None),
        Row(part, f"{name}: server CPU", f"{result['cpu']:.1f} s"),
    ]  # fmt: skip


def run(report: Report, *, logs) -> None:
    part = "5 back-pressure"
    secret, numbers = _populate(500)
    rate, bounded = _one_server(BOUND_MS, secret, numbers, logs, None)
    _rate, unbounded = _one_server(0, secret, numbers, logs, rate)
    app.control.purge()  # each logged call asked for a dispatch run; no worker is here
    report.add(
        Row(part, "setup", f"gunicorn 2 workers; sustained {rate:.0f} calls/s (closed loop), "
            f"offered {2 * rate:.0f}/s for {SECONDS} s; clients give up after "
            f"{CLIENT_TIMEOUT:.0f} s; bound {BOUND_MS} ms"),
        *_rows(part, f"bound {BOUND_MS} ms", bounded, True),
        *_rows(part, "no bound", unbounded, False),
    )  # fmt: skip
