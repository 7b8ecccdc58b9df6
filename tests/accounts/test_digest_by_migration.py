"""accounts 0007: every account keeps its preferences, and its digest stays a push."""

from collections.abc import Iterator
from datetime import time

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Preferences
from tests.accounts.test_calendar_migration import migrate

BEFORE = [("accounts", "0006_preferences_locale_confirmed")]


@pytest.fixture
def before(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_account_keeps_its_values_and_its_digest_is_pushed(before):
    User = before.get_model("auth", "User")
    OldPreferences = before.get_model("accounts", "Preferences")
    for name, zone, digest in [("alice", "Europe/Berlin", time(8, 30)), ("bob", "UTC", time(9))]:
        user = User.objects.create(username=name, password="!")
        OldPreferences.objects.create(
            user=user, time_zone=zone, digest_time=digest, quiet_start=time(22), quiet_end=time(7)
        )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = Preferences.objects.order_by("user__username").values_list(
        "user__username", "time_zone", "digest_time", "quiet_start", "digest_by"
    )
    assert list(rows) == [
        ("alice", "Europe/Berlin", time(8, 30), time(22), "push"),
        ("bob", "UTC", time(9), time(22), "push"),
    ]
