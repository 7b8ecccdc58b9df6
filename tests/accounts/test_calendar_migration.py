"""accounts 0005 gives every existing user a calendar feed, and keeps every row."""

from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from accounts.models import CalendarFeed, Preferences, TelephonyHook

BEFORE = [("accounts", "0004_away_digest_and_identity")]


def migrate(targets) -> Apps:
    state = MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


@pytest.fixture
def before_feeds(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_user_gets_a_feed_of_their_own_and_nothing_is_lost(before_feeds):
    User = before_feeds.get_model("auth", "User")
    OldPreferences = before_feeds.get_model("accounts", "Preferences")
    OldHook = before_feeds.get_model("accounts", "TelephonyHook")
    users = [User.objects.create(username=name, password="!") for name in ("alice", "bob")]
    for user in users:
        OldPreferences.objects.create(user=user, time_zone="Europe/Berlin", phone_region="DE")
        OldHook.objects.create(owner=user, secret=f"hook-of-{user.username}")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    feeds = CalendarFeed.objects.order_by("owner__username")
    assert [feed.owner.username for feed in feeds] == ["alice", "bob"]
    assert len({feed.secret for feed in feeds}) == 2
    assert all(len(feed.secret) >= 40 for feed in feeds)
    assert Preferences.objects.filter(time_zone="Europe/Berlin").count() == 2
    assert set(TelephonyHook.objects.values_list("secret", flat=True)) == {
        "hook-of-alice",
        "hook-of-bob",
    }
    response = APIClient().get(f"/api/calendar/{feeds[0].secret}.ics")
    assert response.status_code == 200
