"""On PostgreSQL, timestamps are parsed by psycopg's compiled loader and come out exactly
as Django's own loader gives them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from contacts.services import contact_create
from reminders.models import Reminder
from reminders.services.calls import missed_call_record
from tests.ci import require

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql():
    require(
        connection.vendor == "postgresql", "the loader is PostgreSQL's: DATABASE_URL=postgres://…"
    )


def test_connections_parse_timestamps_with_the_compiled_loader():
    connection.ensure_connection()
    from psycopg.postgres import types

    loader = connection.connection.adapters.get_loader(types["timestamptz"].oid, 0)

    assert loader.__name__ == "UtcTimestampLoader"
    assert loader.timezone is connection.timezone  # so Django's cursors keep it


def test_timestamps_come_out_as_djangos_loader_gives_them(user):
    mum = contact_create(
        owner=user, name="Mum", relationship="family", numbers=[("+49302222222", "")]
    )
    called = (timezone.now() - timedelta(minutes=5)).replace(microsecond=123456)
    reminder = missed_call_record(owner=user, contact=mum, occurred_at=called).reminder

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT first_call_at, %s::timestamptz, %s::timestamptz FROM reminders_reminder "
            "WHERE id = %s",
            [called, "1999-12-31 23:59:59.5-05:30", reminder.pk],
        )
        [row] = cursor.fetchall()
    stored = Reminder.objects.get(pk=reminder.pk).first_call_at

    assert row[0] == row[1] == stored == called
    assert {value.tzinfo for value in (*row, stored)} == {UTC}
    assert row[2] == datetime(2000, 1, 1, 5, 29, 59, 500000, tzinfo=UTC)
