"""contacts 0007 lets contacts share a number, keeps unreadable numbers flagged, and
keeps every row it finds."""

from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contacts.models import Contact, PhoneNumber

BEFORE = [("contacts", "0006_rhythm_due")]


def migrate(targets) -> Apps:
    state = MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


@pytest.fixture
def before_sharing(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_number_stays_and_a_household_may_then_share_one(before_sharing):
    User = before_sharing.get_model("auth", "User")
    OldContact = before_sharing.get_model("contacts", "Contact")
    OldNumber = before_sharing.get_model("contacts", "PhoneNumber")
    alice = User.objects.create(username="alice", password="!")
    mum = OldContact.objects.create(owner=alice, name="Mum")
    OldNumber.objects.create(owner=alice, contact=mum, number="+49301234567", label="home")
    OldNumber.objects.create(owner=alice, contact=mum, number="+4915112345678", label="mobile")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = PhoneNumber.objects.order_by("id")
    assert [(p.contact.name, p.number, p.label) for p in rows] == [
        ("Mum", "+49301234567", "home"),
        ("Mum", "+4915112345678", "mobile"),
    ]
    assert not any(p.needs_country_code or p.extension for p in rows)
    dad = Contact.objects.create(owner_id=alice.pk, name="Dad")
    PhoneNumber.objects.create(owner_id=alice.pk, contact=dad, number="+49301234567")
    PhoneNumber.objects.create(
        owner_id=alice.pk, contact=dad, number="030 555", needs_country_code=True
    )
    assert PhoneNumber.objects.filter(number="+49301234567").count() == 2
