"""sources 0002/0003: the one address book a source followed becomes its first book,
with its sync state, and every card is kept (same id, same etag) as that book's."""

from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sources.models import Source, SourceBook, SourceCard

BEFORE = [("sources", "0001_initial")]
BOOK = "https://cloud.example/remote.php/dav/addressbooks/users/anna/contacts/"


def migrate(targets) -> Apps:
    state = MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_books(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(latest())


def _fill(apps: Apps) -> list[int]:
    User = apps.get_model("auth", "User")
    OldSource = apps.get_model("sources", "Source")
    OldCard = apps.get_model("sources", "SourceCard")
    anna = User.objects.create(username="anna", password="!")
    cards = OldSource.objects.create(
        owner=anna, kind="carddav", url="https://cloud.example/", username="anna",
        sealed_password="x", collection_url=BOOK, sync_token="tok-7", ctag="ctag-7",
    )  # fmt: skip
    OldSource.objects.create(
        owner=anna, kind="imap", url="imaps://mail.example", username="anna",
        sealed_password="x", cursor={"INBOX": {"uidvalidity": 1, "uid": 9}},
    )  # fmt: skip
    made = [
        OldCard.objects.create(source=cards, href=f"{BOOK}{n}.vcf", etag=f'"{n}"') for n in range(3)
    ]
    return [card.pk for card in made]


def test_the_followed_book_becomes_the_first_and_every_card_is_kept(before_books):
    ids = _fill(before_books)
    migrate(latest())

    book = SourceBook.objects.get()
    assert (book.url, book.sync_token, book.ctag, book.chosen) == (BOOK, "tok-7", "ctag-7", True)
    assert book.source.kind == "carddav" and book.source.collection_url == BOOK
    cards = SourceCard.objects.order_by("pk")
    assert [(c.pk, c.book_id, c.etag) for c in cards] == [
        (pk, book.pk, f'"{n}"') for n, pk in enumerate(ids)
    ]
    mailbox = Source.objects.get(kind="imap")
    assert mailbox.cursor == {"INBOX": {"uidvalidity": 1, "uid": 9}}


def test_going_back_keeps_every_card_and_the_sync_state(before_books):
    ids = _fill(before_books)
    migrate(latest())
    apps = migrate(BEFORE)
    OldSource = apps.get_model("sources", "Source")
    OldCard = apps.get_model("sources", "SourceCard")
    source = OldSource.objects.get(kind="carddav")
    assert (source.sync_token, source.ctag) == ("tok-7", "ctag-7")
    assert list(OldCard.objects.order_by("pk").values_list("pk", flat=True)) == ids
