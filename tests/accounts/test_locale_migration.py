"""accounts 0006: accounts that exist are not asked for their language and zone again
(they have been in use); every row and value stays."""

from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Preferences
from tests.accounts.test_calendar_migration import migrate
from tests.factories import UserFactory

BEFORE = [("accounts", "0005_calendar_feed")]


@pytest.fixture
def before(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_existing_accounts_count_as_confirmed_and_keep_their_values(before):
    User = before.get_model("auth", "User")
    OldPreferences = before.get_model("accounts", "Preferences")
    for name, zone, language in [("alice", "Europe/Berlin", "de"), ("bob", "UTC", "en")]:
        user = User.objects.create(username=name, password="!")
        OldPreferences.objects.create(
            user=user, time_zone=zone, language=language, phone_region="DE"
        )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = Preferences.objects.order_by("user__username").values_list(
        "user__username", "time_zone", "language", "locale_confirmed"
    )
    assert list(rows) == [
        ("alice", "Europe/Berlin", "de", True),
        ("bob", "UTC", "en", True),
    ]
    assert Preferences.objects.get(user=UserFactory(username="carol")).locale_confirmed is False
