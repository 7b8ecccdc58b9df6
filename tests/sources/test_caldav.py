"""Calendars against a real Radicale: discovery, meetings that become touches (by an
attendee's e-mail, by a title that names a contact), nothing twice, an event changed,
cancelled or deleted (its touch taken back), a recurring event, events still to come,
the calendars chosen, wrong password, a server that hangs."""

import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from contacts.models import Contact, Touch
from sources.models import Source, SourceCalendar
from tests.factories import ContactFactory
from tests.sources.calendar_server import delete_event, event, make_calendar, put_event
from tests.sources.radicale_server import PASSWORD, USER

NOW = datetime.now(UTC).replace(microsecond=0)
HOUR = timedelta(hours=1)


def _add(api, url, password=PASSWORD):
    return api.post(
        "/api/sources/",
        {"kind": "caldav", "url": url, "username": USER, "password": password},
        format="json",
    )


def _sync(api, pk):
    answer = api.post(f"/api/sources/{pk}/sync/")
    assert answer.status_code == 200, answer.json()
    return answer.json()["changes"]


def _meetings(contact):
    return list(
        Touch.objects.filter(contact=contact, channel="meeting", source="calendar")
        .order_by("at")
        .values_list("at", flat=True)
    )


@pytest.fixture
def people(user):
    anna = ContactFactory(owner=user, name="Anna Schmidt", email="anna@example.com")
    ben = ContactFactory(owner=user, name="Ben Cole")
    return anna, ben


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["", "/", f"/{USER}/", f"/{USER}/work/"])
def test_discovery_finds_every_calendar_all_chosen(api, radicale, path):
    home = make_calendar(radicale, "home", "Home")
    work = make_calendar(radicale, "work", "Work")
    answer = _add(api, radicale.url + path)
    assert answer.status_code == 201, answer.json()
    calendars = answer.json()["calendars"]
    assert [(c["url"], c["name"], c["chosen"]) for c in calendars] == [
        (home, "Home", True),
        (work, "Work", True),
    ]
    assert PASSWORD not in Source.objects.get().sealed_password


@pytest.mark.django_db
def test_meetings_by_attendee_and_by_title_then_nothing_twice(api, user, radicale, people):
    anna, ben = people
    make_calendar(radicale)
    put_event(
        radicale,
        "review",
        event(
            "review",
            NOW - 3 * HOUR,
            NOW - 2 * HOUR,
            "ATTENDEE;CN=Anna:mailto:Anna@Example.com",
            f"ORGANIZER:mailto:{USER}@example.com",
            summary="Quarterly review",
        ),
    )
    put_event(
        radicale, "lunch", event("lunch", NOW - 5 * HOUR, NOW - 4 * HOUR, summary="Lunch with Ben")
    )
    put_event(
        radicale, "later", event("later", NOW + 2 * HOUR, NOW + 3 * HOUR, summary="Ben again")
    )
    pk = _add(api, radicale.url).json()["id"]

    first = _sync(api, pk)
    assert (first["events"], first["touches"]) == (3, 2)
    assert _meetings(anna) == [NOW - 2 * HOUR]  # at the event's end
    assert _meetings(ben) == [NOW - 4 * HOUR]  # the one still to come: not yet
    ben.refresh_from_db()
    assert ben.last_contacted_at == NOW - 4 * HOUR

    again = _sync(api, pk)
    assert again == {"events": 0, "touches": 0, "taken_back": 0}

    with time_machine.travel(NOW + 4 * HOUR, tick=True):
        after = _sync(api, pk)
    assert (after["events"], after["touches"]) == (1, 1)
    assert _meetings(ben) == [NOW - 4 * HOUR, NOW + 3 * HOUR]


@pytest.mark.django_db
def test_only_who_and_when_are_stored(api, user, radicale, people):
    make_calendar(radicale)
    put_event(
        radicale,
        "secret",
        event(
            "secret",
            NOW - 2 * HOUR,
            NOW - HOUR,
            "DESCRIPTION:Talk about the divorce",
            "LOCATION:Café Kranzler",
            summary="Lunch with Ben: the divorce",
        ),
    )
    pk = _add(api, radicale.url).json()["id"]
    assert _sync(api, pk)["touches"] == 1
    with connection.cursor() as cursor:
        dump = []
        for table in ("contacts_touch", "sources_sourcetouch", "sources_sourceevent"):
            cursor.execute(f"SELECT * FROM {table}")
            dump += [str(row) for row in cursor.fetchall()]
    assert dump and not any(
        word in row for row in dump for word in ("divorce", "Lunch", "Kranzler")
    )


@pytest.mark.django_db
def test_an_event_changed_cancelled_and_deleted(api, user, radicale, people):
    anna, ben = people
    make_calendar(radicale)
    put_event(radicale, "a", event("a", NOW - 3 * HOUR, NOW - 2 * HOUR, summary="Coffee with Ben"))
    put_event(
        radicale, "b", event("b", NOW - 5 * HOUR, NOW - 4 * HOUR, summary="Walk with Anna Schmidt")
    )
    pk = _add(api, radicale.url).json()["id"]
    _sync(api, pk)
    assert (_meetings(ben), _meetings(anna)) == ([NOW - 2 * HOUR], [NOW - 4 * HOUR])

    # Changed: it was Anna, not Ben.
    put_event(
        radicale,
        "a",
        event("a", NOW - 3 * HOUR, NOW - 2 * HOUR, summary="Coffee with Anna Schmidt"),
    )
    changed = _sync(api, pk)
    assert (changed["touches"], changed["taken_back"]) == (1, 1)
    assert (_meetings(ben), _meetings(anna)) == ([], [NOW - 4 * HOUR, NOW - 2 * HOUR])

    put_event(
        radicale,
        "a",
        event(
            "a",
            NOW - 3 * HOUR,
            NOW - 2 * HOUR,
            "STATUS:CANCELLED",
            summary="Coffee with Anna Schmidt",
        ),
    )
    assert _sync(api, pk)["taken_back"] == 1
    assert _meetings(anna) == [NOW - 4 * HOUR]

    delete_event(radicale, "b")
    assert _sync(api, pk)["taken_back"] == 1
    anna.refresh_from_db()
    assert _meetings(anna) == [] and anna.last_contacted_at is None


@pytest.mark.django_db
def test_a_recurring_event_touches_each_past_occurrence_in_the_window(
    api, user, radicale, people, settings
):
    anna, _ben = people
    settings.SOURCES_CALENDAR_LOOKBACK_DAYS = 30
    make_calendar(radicale)
    start = NOW - timedelta(days=70) - 2 * HOUR
    put_event(
        radicale,
        "weekly",
        event(
            "weekly", start, start + HOUR, "RRULE:FREQ=WEEKLY", "ATTENDEE:mailto:anna@example.com"
        ),
    )
    pk = _add(api, radicale.url).json()["id"]
    assert _sync(api, pk)["touches"] == 5  # the weeks within 30 days, none before
    ends = _meetings(anna)
    assert ends == [start + HOUR + timedelta(weeks=week) for week in (6, 7, 8, 9, 10)]
    assert _sync(api, pk)["touches"] == 0
    with time_machine.travel(NOW + timedelta(weeks=1), tick=True):
        assert _sync(api, pk)["touches"] == 1  # the next week's, read again by its end


@pytest.mark.django_db
def test_names_are_matched_safely(api, user, radicale):
    ContactFactory(owner=user, name="Anna Schmidt")
    ContactFactory(owner=user, name="Anna Berg")
    mark = ContactFactory(owner=user, name="Mark Weber")
    make_calendar(radicale)
    for uid, title in [
        ("one", "Lunch with Anna"),  # two Annas: nobody
        ("two", "mark the invoices"),  # not a name here
        ("three", "Hannah's party"),  # not a whole word
        ("four", "Mittagessen mit Anna Schmidt und Mark"),
    ]:
        put_event(radicale, uid, event(uid, NOW - 2 * HOUR, NOW - HOUR, summary=title))
    pk = _add(api, radicale.url).json()["id"]
    assert _sync(api, pk)["touches"] == 2
    named = set(Touch.objects.values_list("contact__name", flat=True))
    assert named == {"Anna Schmidt", mark.name}


@pytest.mark.django_db
@pytest.mark.usefixtures("people")
def test_only_the_chosen_calendars_are_read(api, user, radicale):
    make_calendar(radicale, "home")
    work = make_calendar(radicale, "work")
    put_event(radicale, "w", event("w", NOW - 2 * HOUR, NOW - HOUR, summary="Ben"), calendar="work")
    pk = _add(api, radicale.url).json()["id"]
    home = f"{radicale.url}/{USER}/home/"
    answer = api.patch(f"/api/sources/{pk}/", {"calendars": [home]}, format="json")
    assert answer.status_code == 200, answer.json()
    assert {c["url"]: c["chosen"] for c in answer.json()["calendars"]} == {home: True, work: False}
    assert _sync(api, pk)["touches"] == 0
    api.patch(f"/api/sources/{pk}/", {"calendars": [home, work]}, format="json")
    assert _sync(api, pk)["touches"] == 1
    bad = api.patch(f"/api/sources/{pk}/", {"calendars": ["https://else.example/"]}, format="json")
    assert bad.status_code == 400 and list(bad.json()) == ["calendars"]


@pytest.mark.django_db
def test_an_unchanged_resync_is_one_request_a_calendar(api, user, radicale, people, monkeypatch):
    make_calendar(radicale)
    put_event(radicale, "a", event("a", NOW - 2 * HOUR, NOW - HOUR, summary="Ben"))
    pk = _add(api, radicale.url).json()["id"]
    _sync(api, pk)
    from sources import http

    sent = []
    original = http.Client._once

    def counted(self, *args):
        sent.append(args[0])
        return original(self, *args)

    monkeypatch.setattr(http.Client, "_once", counted)
    _sync(api, pk)
    assert sent == ["REPORT"]


@pytest.mark.django_db
def test_wrong_password_is_a_400_naming_the_credentials(api, radicale):
    make_calendar(radicale)
    answer = _add(api, radicale.url, password="wrong")
    assert answer.status_code == 400
    assert list(answer.json()) == ["credentials"]
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_an_account_without_a_calendar(api, radicale):
    answer = _add(api, radicale.url)
    assert answer.status_code == 400
    assert list(answer.json()) == ["collection"]


@pytest.mark.django_db
def test_a_server_that_hangs_fails_that_source_only(api, user, radicale, settings, people):
    settings.SOURCES_TIMEOUT_SECONDS = 1
    make_calendar(radicale)
    put_event(radicale, "a", event("a", NOW - 2 * HOUR, NOW - HOUR, summary="Ben"))
    good = _add(api, radicale.url).json()["id"]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []  # held open, unanswered
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    hanging = Source.objects.create(
        owner=user,
        kind="caldav",
        url=f"http://127.0.0.1:{listener.getsockname()[1]}/",
        username=USER,
        sealed_password=Source.objects.get(pk=good).sealed_password,
    )
    SourceCalendar.objects.create(source=hanging, url=hanging.url + "cal/")
    from sources.tasks import sync_source

    try:
        sync_source(hanging.pk)
        sync_source(good)
    finally:
        listener.close()
    hanging.refresh_from_db()
    assert hanging.failures == 1 and "did not answer within 1 seconds" in hanging.last_error
    assert api.get(f"/api/sources/{hanging.pk}/").json()["status"] == "failed"
    assert api.get(f"/api/sources/{good}/").json()["status"] == "ok"
    assert Contact.objects.get(name="Ben Cole").touches.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "field"),
    [("ftp://example.com/", "url"), ("not a url", "url"), ("http://192.0.32.10/", "tls")],
)
def test_bad_addresses_are_a_400_naming_them(api, url, field):
    answer = _add(api, url)
    assert answer.status_code == 400
    assert list(answer.json()) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [200, 404, 500])
def test_a_web_server_that_is_no_calendar_server(api, settings, status):
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_PROPFIND(self):
            body = b"<html><body>Hello</body></html>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    settings.SOURCES_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    server = HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        answer = _add(api, f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
    assert answer.status_code == 400
    assert answer.json() == {"url": ["This address does not answer as a calendar server."]}
