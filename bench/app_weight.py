"""Part 4, the phone app: what its shell weighs gzipped (HTML, JS, CSS, manifest, service
worker) and how long until the Today list shows, in headless Chromium at Pixel 7 size
with the CPU slowed 4×, on a first visit and on a repeat visit from the service worker."""

import gzip
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import sync_playwright

from bench.data import PASSWORD, database_reset, users_create
from bench.processes import gunicorn, service_env
from bench.report import Report, Row
from project.celery import app
from reminders.models import Source
from reminders.services.calls import missed_call_record
from tests.app.browser import CHROMIUM, LAUNCH_ARGS, sign_in, wait_for_control
from tests.celery_worker import ROOT

PORT = 8361
CPU_SLOWDOWN = 4
OPEN_REMINDERS = 20
SHELL_TYPES = {"document", "script", "stylesheet", "manifest"}
# One card per reminder on the Today screen.
TODAY_ITEM = "#view .card"
TARGET_KB = 60
TARGET_REPEAT_SECONDS = 1.0


def _shell_present(base: str) -> bool:
    try:
        with urlopen(f"{base}/today", timeout=10) as response:
            return 'rel="manifest"' in response.read().decode()
    except OSError:
        return False


def _populate() -> str:
    database_reset()
    [user] = users_create(1, prefix="phone")
    for n in range(OPEN_REMINDERS):
        missed_call_record(owner=user, number=f"+49151{n:08d}", source=Source.API)
    app.control.purge()  # each call asked for a dispatch run; no worker is here
    return user.username


def _collectstatic(env: dict[str, str]) -> None:
    # DEBUG off serves the collected (and compressed) files, as a deployment does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _visit(context, url: str) -> tuple[float, object]:
    """Seconds from navigation to the Today list shown, on a CPU slowed down."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    started = time.monotonic()
    page.goto(url)
    page.wait_for_selector(TODAY_ITEM, timeout=60_000)
    return time.monotonic() - started, page


def _measure(base: str, username: str) -> tuple[dict[str, int], float, float]:
    bodies: dict[str, int] = {}

    def keep(response) -> None:
        kind = response.request.resource_type
        if kind in SHELL_TYPES and response.ok and response.url not in bodies:
            bodies[response.url] = len(gzip.compress(response.body(), 9))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(**playwright.devices["Pixel 7"], base_url=base)
        sign_in(context, username, PASSWORD)
        context.on("response", keep)
        first, page = _visit(context, f"{base}/today")
        wait_for_control(page)
        for extra in ("/sw.js", "/manifest.webmanifest"):
            if f"{base}{extra}" not in bodies:
                body = context.request.get(extra).body()
                bodies[f"{base}{extra}"] = len(gzip.compress(body, 9))
        page.close()
        repeat, page = _visit(context, f"{base}/today")
        browser.close()
    return bodies, first, repeat


def run(report: Report, *, logs: Path) -> None:
    part = "4 app"
    username = _populate()
    env = service_env(ALLOWED_HOSTS="127.0.0.1")
    _collectstatic(env)
    base = f"http://127.0.0.1:{PORT}"
    with gunicorn(port=PORT, workers=2, log_path=logs / "gunicorn-app.log", env=env):
        time.sleep(1)  # both workers up
        if not _shell_present(base):
            report.add(Row(part, "phone app", "app not present: no shell at /today"))
            return
        bodies, first, repeat = _measure(base, username)
    database_reset()
    total = sum(bodies.values()) / 1024
    listing = "\n".join(
        f"{size / 1024:6.1f} KB  {url.removeprefix(base)}" for url, size in sorted(bodies.items())
    )
    report.note("Part 4: the shell's files, gzipped (level 9)", listing)
    report.add(
        Row(part, f"shell gzipped ({len(bodies)} files: HTML, JS, CSS, manifest, worker)",
            f"{total:.1f} KB", f"≤ {TARGET_KB} KB", total <= TARGET_KB),
        Row(part, f"first visit → Today list ({OPEN_REMINDERS} cards), Pixel 7, "
            f"CPU {CPU_SLOWDOWN}× slower",
            f"{first:.2f} s"),
        Row(part, "repeat visit (service worker) → Today list", f"{repeat:.2f} s",
            f"≤ {TARGET_REPEAT_SECONDS:.0f} s", repeat <= TARGET_REPEAT_SECONDS),
    )  # fmt: skip
