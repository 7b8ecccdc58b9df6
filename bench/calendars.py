"""Part 5, a calendar: the first sync of a calendar of 2,000 events on a real Radicale on
127.0.0.1 (half of them ended, with a contact as attendee: meeting touches), then a sync
with nothing changed (time and requests)."""

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings

from bench.data import database_reset, users_create
from bench.report import Report, Row
from contacts.models import Contact
from sources import http
from sources.models import Source, SourceCalendar
from sources.sealing import seal
from sources.services import source_sync
from tests.sources import radicale_server
from tests.sources.calendar_server import event, make_calendar

EVENTS = 2000
PEOPLE = 50
UNCHANGED_TARGET = 1.0


def _calendar(server: radicale_server.Radicale, folder: Path) -> str:
    """The events written into Radicale's own storage (as bench/sources.py's cards)."""
    url = make_calendar(server)
    where = folder / "collections" / "collection-root" / radicale_server.USER / "calendar"
    now = datetime.now(UTC).replace(microsecond=0)
    for n in range(EVENTS):
        # Even: ended within the last 60 days; odd: still to come.
        start = now + timedelta(hours=(n // 2 + 1) * (-1 if n % 2 == 0 else 1))
        text = event(
            f"e{n}", start, start + timedelta(minutes=30),
            f"ATTENDEE:mailto:person{n % PEOPLE}@example.com", summary=f"Meeting {n}",
        )  # fmt: skip
        (where / f"e{n}.ics").write_text(text)
    path = f"/{radicale_server.USER}/calendar/"
    assert server.request("PROPFIND", path, timeout=1200, Depth="1") == 207
    return url


def _counted(sent: list[str]) -> None:
    original = http.Client._once

    def counted(self, method, *args):
        sent.append(method)
        return original(self, method, *args)

    http.Client._once = counted  # type: ignore[method-assign]


def run(report: Report) -> None:
    settings.SOURCES_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    settings.SOURCES_TIMEOUT_SECONDS = 300
    database_reset()
    _sync(report, users_create(1, prefix="calendar")[0])
    database_reset()


def _sync(report: Report, owner) -> None:
    Contact.objects.bulk_create(
        [
            Contact(owner=owner, name=f"Guest {n}", email=f"person{n}@example.com")
            for n in range(PEOPLE)
        ]
    )
    sent: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        server = radicale_server.start(Path(folder))
        try:
            url = _calendar(server, Path(folder))
            source = Source.objects.create(
                owner=owner, kind="caldav", url=server.url, username=radicale_server.USER,
                sealed_password=seal(radicale_server.PASSWORD), collection_url=server.url,
            )  # fmt: skip
            SourceCalendar.objects.create(source=source, url=url)
            started = time.monotonic()
            changes = source_sync(source=source)
            first = time.monotonic() - started
            _counted(sent)
            started = time.monotonic()
            source_sync(source=source)
            again = time.monotonic() - started
        finally:
            server.process.kill()
            server.process.wait(timeout=30)
    report.add(
        Row("5 sources", f"CalDAV first sync, {EVENTS:,} events ({changes['touches']:,} touches)",
            f"{first:.1f} s"),
        Row("5 sources", "CalDAV re-sync, nothing changed", f"{again * 1000:.0f} ms, "
            f"{len(sent)} request(s)", f"≤ {UNCHANGED_TARGET:.0f} s", again <= UNCHANGED_TARGET),
    )  # fmt: skip
