"""sources 0004 (with contacts 0008): every source, touch and record of what a source
made stays; a mailbox's touches, recorded as the API's until now, say they are the
mailbox's, and the others keep what they said. Back down again, they are the API's."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contacts.models import Touch
from sources.models import Source, SourceTouch
from tests.accounts.test_calendar_migration import migrate

BEFORE = [("sources", "0003_card_book_required"), ("contacts", "0007_shared_numbers")]
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(_leaves())


def test_touches_and_sources_stay_and_a_mailbox_touch_says_so(before):
    User = before.get_model("auth", "User")
    Contact = before.get_model("contacts", "Contact")
    OldTouch = before.get_model("contacts", "Touch")
    OldSource = before.get_model("sources", "Source")
    OldSourceTouch = before.get_model("sources", "SourceTouch")
    alice = User.objects.create(username="alice", password="!")
    anna = Contact.objects.create(owner=alice, name="Anna")
    mailbox = OldSource.objects.create(
        owner=alice, kind="imap", url="imaps://mail.example", username="a", cursor={"x": 1}
    )
    OldSource.objects.create(owner=alice, kind="carddav", url="https://dav.example/", username="a")
    by_mail = OldTouch.objects.create(
        owner=alice, contact=anna, channel="email", at=AT, source="api"
    )
    OldTouch.objects.create(owner=alice, contact=anna, channel="call", at=AT, source="api")
    OldTouch.objects.create(owner=alice, contact=anna, channel="text", at=AT, source="app")
    OldSourceTouch.objects.create(source=mailbox, key="mail:out:1:<m@x>", touch=by_mail)

    migrate(_leaves())

    assert sorted(Touch.objects.values_list("channel", "source")) == [
        ("call", "api"),
        ("email", "mailbox"),
        ("text", "app"),
    ]
    assert Source.objects.count() == 2
    assert Source.objects.get(kind="imap").cursor == {"x": 1}
    assert SourceTouch.objects.get().touch_id == by_mail.pk

    migrate(BEFORE)
    assert sorted(OldTouch.objects.values_list("source", flat=True)) == ["api", "api", "app"]
