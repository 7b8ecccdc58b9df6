"""contacts 0008 and accounts 0007: every contact and every account keeps its row and
values; contacts text "as my default" and live on the user's clock, accounts text by SMS."""

from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Preferences
from contacts.models import Contact
from tests.accounts.test_calendar_migration import migrate

BEFORE = [("contacts", "0008_touch_sources"), ("accounts", "0007_preferences_digest_by")]


@pytest.fixture
def before(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_contact_and_account_is_kept_with_the_new_fields_empty(before):
    User = before.get_model("auth", "User")
    OldPreferences = before.get_model("accounts", "Preferences")
    OldContact = before.get_model("contacts", "Contact")
    alice = User.objects.create(username="alice", password="!")
    OldPreferences.objects.create(user=alice, time_zone="Europe/Berlin", language="de")
    for name, relationship in [("Mum", "family"), ("Acme", "client")]:
        OldContact.objects.create(owner=alice, name=name, relationship=relationship, notes="x")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = Contact.objects.order_by("name").values_list(
        "name", "relationship", "notes", "text_channel", "time_zone"
    )
    assert list(rows) == [("Acme", "client", "x", "", ""), ("Mum", "family", "x", "", "")]
    preferences = Preferences.objects.get(user__username="alice")
    assert (preferences.time_zone, preferences.language, preferences.text_channel) == (
        "Europe/Berlin",
        "de",
        "sms",
    )
