"""Part 5: sources against local servers — a real Radicale and a real Dovecot on
127.0.0.1: the first sync of a 5,000-card address book, a sync with nothing changed
(time, requests and queries; our CPU and Radicale's apart), and the first sync of a
10,000-message mailbox."""

import os
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.data import database_reset, users_create
from bench.report import Report, Row
from sources import http
from sources.models import Source
from sources.sealing import seal
from sources.services import source_sync
from tests.sources import dovecot_server, radicale_server

CARDS = 5000
MESSAGES = 10000
FIRST_SYNC_TARGET = 60.0
UNCHANGED_TARGET = 1.0


def _address_book(server: radicale_server.Radicale, folder: Path) -> None:
    """5,000 cards written into Radicale's own storage (the way Radicale documents for
    bulk changes; 5,000 PUTs would measure Radicale, not the sync)."""
    server.make_addressbook()
    book = folder / "collections" / "collection-root" / radicale_server.USER / "contacts"
    for n in range(CARDS):
        card = radicale_server.vcard(
            f"c{n}", f"Person {n}", f"TEL;TYPE=CELL:+4915{n:09d}", f"EMAIL:person{n}@example.com"
        )
        (book / f"c{n}.vcf").write_text(card)
    # Radicale reads and caches what it finds on disk on the first request (minutes on a
    # busy machine): a server whose cards came from a phone has that behind it.
    path = f"/{radicale_server.USER}/contacts/"
    assert server.request("PROPFIND", path, timeout=1200, Depth="1") == 207


def _cpu_seconds(pid: int) -> float:
    """A process's user + system CPU so far (/proc/PID/stat): Radicale's own cost, which
    is not the sync's."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class _Sync:
    changes: dict[str, int]
    wall: float
    ours: float  # this process's CPU
    server: float  # Radicale's CPU
    requests: int
    queries: int


def _measured(source: Source, server_pid: int) -> _Sync:
    """One sync, with every request counted at the client and every query at the
    database."""
    sent: list[str] = []
    original = http.Client._once

    def counted(self, method, *args):
        sent.append(method)
        return original(self, method, *args)

    http.Client._once = counted  # type: ignore[method-assign]
    try:
        server, ours, started = _cpu_seconds(server_pid), time.process_time(), time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            changes = source_sync(source=source)
        wall = time.monotonic() - started
        ours, server = time.process_time() - ours, _cpu_seconds(server_pid) - server
    finally:
        http.Client._once = original  # type: ignore[method-assign]
    return _Sync(changes, wall, ours, server, len(sent), len(queries))


def _carddav(report: Report, owner) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = radicale_server.start(Path(folder))
        try:
            _address_book(server, Path(folder))
            # As discovery leaves a new source: the account's home, which lists its books.
            home = f"{server.url}/{radicale_server.USER}/"
            source = Source.objects.create(
                owner=owner, kind="carddav", url=server.url, username=radicale_server.USER,
                sealed_password=seal(radicale_server.PASSWORD), collection_url=home,
            )  # fmt: skip
            first = _measured(source, server.process.pid)
            again = _measured(source, server.process.pid)
        finally:
            server.process.kill()
            server.process.wait(timeout=30)
    part = "5 sources"
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    report.add(
        Row(part, "setup", f"Radicale {version('radicale')} on 127.0.0.1, PostgreSQL; "
            f"load average 1 / 5 / 15 min after the CardDAV syncs: {load}"),
        Row(part, f"CardDAV first sync, {CARDS:,} cards ({first.changes['created']:,} created)",
            f"{first.wall:.1f} s", f"≤ {FIRST_SYNC_TARGET:.0f} s", first.wall <= FIRST_SYNC_TARGET),
        Row(part, "CardDAV first sync: our CPU / Radicale's CPU; requests; queries",
            f"{first.ours:.1f} s / {first.server:.1f} s; {first.requests}; {first.queries}"),
        Row(part, "CardDAV re-sync, nothing changed", f"{again.wall * 1000:.0f} ms, "
            f"{again.requests} request(s)", f"≤ {UNCHANGED_TARGET:.0f} s, a handful",
            again.wall <= UNCHANGED_TARGET and again.requests <= 5),
        Row(part, "CardDAV re-sync, nothing changed: our CPU / Radicale's CPU; queries",
            f"{again.ours * 1000:.0f} ms / {again.server * 1000:.0f} ms; {again.queries}"),
    )  # fmt: skip


def _maildir(server: dovecot_server.Dovecot, owner) -> None:
    """10,000 messages written straight into the Inbox's maildir, 1 in 10 from a contact."""
    new = server.folder / "home" / dovecot_server.USER / "Maildir" / "new"
    new.mkdir(parents=True)
    for n in range(MESSAGES):
        sender = f"person{n % 5000}@example.com" if n % 10 == 0 else f"news{n}@example.org"
        text = (
            f"From: {sender}\r\nTo: me@example.com\r\nDate: Tue, 1 Dec 2026 09:00:00 +0100\r\n"
            f"Message-ID: <{n}@bench>\r\nSubject: {n}\r\n\r\nBody {n}\r\n"
        )
        (new / f"{n}.bench:2,").write_text(text)
    owner_uid = server.folder.stat().st_uid
    for path in (new.parent.parent.parent, new.parent.parent, new.parent, new, *new.iterdir()):
        os.chown(path, owner_uid, server.folder.stat().st_gid)


def _imap(report: Report, owner) -> None:
    server = dovecot_server.start()
    try:
        _maildir(server, owner)
        source = Source.objects.create(
            owner=owner, kind="imap", url=server.url, username=dovecot_server.USER,
            sealed_password=seal(dovecot_server.PASSWORD),
        )  # fmt: skip
        started, ours = time.monotonic(), time.process_time()
        changes = source_sync(source=source)
        took, ours = time.monotonic() - started, time.process_time() - ours
    finally:
        server.stop()
    report.add(
        Row("5 sources", f"IMAP first sync, {MESSAGES:,} messages ({changes['touches']:,} touches)",
            f"{took:.1f} s (our CPU {ours:.1f} s)"),
    )  # fmt: skip


def run(report: Report) -> None:
    settings.SOURCES_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    settings.SOURCES_TIMEOUT_SECONDS = 300
    database_reset()
    owner = users_create(1, prefix="sources")[0]
    _carddav(report, owner)
    if dovecot_server.available():
        _imap(report, owner)
    database_reset()
