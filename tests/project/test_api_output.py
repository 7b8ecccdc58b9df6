"""The API's JSON writer gives DRF's own bytes, and times are written in the zone active
when written."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from contacts.dates import YearlyDate
from contacts.services import DateInput, contact_create, touch_record
from project.api_output import FastJSONRenderer
from reminders.api.output import reminder_output, reminder_shown, showing_for
from reminders.api.serializers import ReminderSerializer
from reminders.models import Outcome, ReminderState
from reminders.selectors import reminders_for
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import rhythm_reminders_open
from reminders.services.transitions import attempt_record, reminder_snooze
from tests.factories import at

pytestmark = pytest.mark.django_db
NOW = at("2026-03-02 10:00")


@pytest.fixture
def reminders(user):
    with time_machine.travel(NOW, tick=False):
        mum = contact_create(
            owner=user, name="Mum", relationship="family", numbers=[("+49302222222", "")]
        )
        called = missed_call_record(owner=user, contact=mum, reason="about Sunday").reminder
        attempt_record(reminder=called, channel="call", outcome=Outcome.NO_ANSWER)
        snoozed = missed_call_record(owner=user, number="+49303333333").reminder
        reminder_snooze(reminder=snoozed, until=NOW + timedelta(hours=1))
        missed_call_record(owner=user, withheld=True)
    return list(reminders_for(user).order_by("pk"))


def test_a_longer_list_is_counted_and_paged(api, user, monkeypatch, reminders):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    first = api.get("/api/reminders/?state=all").json()
    second = api.get("/api/reminders/?state=all&page=2").json()

    assert (first["count"], second["count"]) == (2, 2)
    assert "page=2" in first["next"] and second["next"] is None
    assert first["results"][0]["id"] != second["results"][0]["id"]


def test_the_json_writer_writes_drfs_bytes():
    values = {
        "text": "Grüße\u2028line\u2029end",
        1: "a key that is not text",
        "at": datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
        "on": date(2026, 1, 2),
        "clock": time(1, 2, 3, 456789),
        "lazy": gettext_lazy("Done"),
        "decimal": Decimal("1.5"),
        "window": timedelta(minutes=3),
        "id": uuid.UUID(int=5),
        "numbers": [1, 1.25, -0.0, 10**20, True, None],
        "state": ReminderState.OPEN,
        "error": ErrorDetail("No such contact.", code="invalid"),
    }

    assert FastJSONRenderer().render(values) == JSONRenderer().render(values)
    assert FastJSONRenderer().render(None) == b""
    indented = FastJSONRenderer().render(values, "application/json; indent=2")
    assert indented == JSONRenderer().render(values, "application/json; indent=2")


def test_what_drf_cannot_write_fails_as_it_does():
    @dataclass
    class Odd:
        x: int

    with pytest.raises(TypeError):
        JSONRenderer().render({"odd": Odd(1)})
    with pytest.raises(TypeError):
        FastJSONRenderer().render({"odd": Odd(1)})


def test_a_reminder_list_is_written_as_drf_writes_it(api, user, reminders):
    response = api.get("/api/reminders/?state=all")

    assert response.content == JSONRenderer().render(response.json())


def test_times_are_written_in_the_zone_active_when_written(rf, user, reminders):
    request = rf.get("/api/reminders/")
    request.user = user
    shown = [reminder_shown(reminder, showing_for(request)) for reminder in reminders]
    in_utc = ReminderSerializer(shown, many=True).data

    with timezone.override(ZoneInfo("Europe/Berlin")):
        in_berlin = ReminderSerializer(shown, many=True).data

    assert in_utc[0]["deadline"].endswith("Z")
    assert in_berlin[0]["deadline"].endswith("+01:00")


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_the_plain_reminder_json_is_what_its_serializer_writes(rf, user, reminders, zone):
    """reminder_output writes what ReminderSerializer (the schema's shape) writes."""
    with time_machine.travel(NOW, tick=False):
        dated = contact_create(
            owner=user,
            name="Anna",
            relationship="friend",
            dates=[DateInput(kind="birthday", yearly=YearlyDate(3, 2, 1990))],
        )
        touch_record(owner=user, contact=dated, channel="call", at=NOW - timedelta(days=60))
        rhythm_reminders_open()
        missed_call_record(owner=user, contact=dated, reason="the price")
    request = rf.get("/api/reminders/")
    request.user = user
    everyone = list(reminders_for(user).order_by("pk"))
    assert {r.kind for r in everyone} >= {
        "callback",
        "follow_up",
        "identify",
        "occasion",
        "keep_in_touch",
    }

    with timezone.override(ZoneInfo(zone)), time_machine.travel(NOW, tick=False):
        showing = showing_for(request)
        for reminder in everyone:
            written = ReminderSerializer(reminder_shown(reminder, showing)).data

            assert reminder_output(reminder, showing) == written
