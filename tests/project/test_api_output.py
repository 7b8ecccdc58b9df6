"""The lean serializers give DRF's own JSON, field for field, and the first page of a
short list costs one query."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer

from contacts.services import contact_create
from project.api_output import FastJSONRenderer, FirstPagePagination
from reminders.api.serializers import MissedCallListSerializer, ReminderSerializer
from reminders.api.views import reminder_context
from reminders.models import MissedCall, Outcome, ReminderState
from reminders.selectors import reminders_for
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record, reminder_snooze
from tests.factories import at

pytestmark = pytest.mark.django_db
NOW = at("2026-03-02 10:00")


def drf(serializer_class, instances, context=None):
    """The same serializer through DRF's generic to_representation."""

    class Plain(serializer_class):
        def to_representation(self, instance):
            return serializers.Serializer.to_representation(self, instance)

    return [dict(item) for item in Plain(instances, many=True, context=context or {}).data]


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


def test_the_reminder_json_is_drfs_own(rf, user, reminders):
    request = rf.get("/api/reminders/")
    request.user = user
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        context = reminder_context(request)

        lean = [
            dict(item) for item in ReminderSerializer(reminders, many=True, context=context).data
        ]

        assert lean == drf(ReminderSerializer, reminders, context)
    assert {item["contact"] is None for item in lean} == {True, False}
    assert any(item["snoozed_until"] for item in lean)


def test_the_missed_call_json_is_drfs_own(user, reminders):
    calls = list(MissedCall.objects.filter(owner=user).select_related("contact"))

    assert [dict(item) for item in MissedCallListSerializer(calls, many=True).data] == drf(
        MissedCallListSerializer, calls
    )


def test_a_list_that_fits_on_its_first_page_is_read_with_one_query(api, user, reminders):
    api.get("/api/reminders/?state=all")
    with CaptureQueriesContext(connection) as short:
        body = api.get("/api/reminders/?state=all").json()

    assert body["count"] == len(body["results"]) == 2
    assert (body["next"], body["previous"]) == (None, None)
    assert not any("__count" in query["sql"] for query in short)


def test_a_longer_list_is_still_counted_and_paged(api, user, monkeypatch, reminders):
    monkeypatch.setattr(FirstPagePagination, "page_size", 1)

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
    context = reminder_context(request)
    in_utc = ReminderSerializer(reminders, many=True, context=context).data  # plans made here

    with timezone.override(ZoneInfo("Europe/Berlin")):
        lean = [dict(i) for i in ReminderSerializer(reminders, many=True, context=context).data]
        expected = drf(ReminderSerializer, reminders, context)

    assert lean == expected
    assert in_utc[0]["deadline"].endswith("Z")
    assert lean[0]["deadline"].endswith("+01:00")
