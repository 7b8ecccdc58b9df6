"""Every address book of the account against a real Radicale: both books synced, one
UID in two books, the books the user chose, a book removed, and what an unchanged
re-sync costs (requests counted at the client, queries at the database)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from sources import http
from sources.models import Source, SourceBook, SourceCard
from tests.sources.radicale_server import PASSWORD, USER, vcard


def _add(api, url):
    answer = api.post(
        "/api/sources/",
        {"kind": "carddav", "url": url, "username": USER, "password": PASSWORD},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    return answer.json()


def _sync(api, pk):
    answer = api.post(f"/api/sources/{pk}/sync/")
    assert answer.status_code == 200, answer.json()
    return answer.json()["changes"]


@pytest.fixture
def sent(monkeypatch):
    """The method of every request the client sends, in order."""
    methods: list[str] = []
    original = http.Client._once

    def counted(self, method, *args):
        methods.append(method)
        return original(self, method, *args)

    monkeypatch.setattr(http.Client, "_once", counted)
    return methods


@pytest.fixture
def two_books(radicale):
    home = radicale.make_addressbook("family", "Family")
    radicale.make_addressbook("work", "Work")
    radicale.put_card("anna", vcard("anna", "Anna Berg", "TEL:+49 151 23456789"), "family")
    # The same UID (and file name) in the other book is another person's card.
    radicale.put_card("anna", vcard("anna", "Anna Kraus", "EMAIL:kraus@example.com"), "work")
    radicale.put_card("ben", vcard("ben", "Ben Cole", "EMAIL:ben@example.com"), "work")
    return home.rsplit("family/", 1)[0]


@pytest.mark.django_db
def test_every_address_book_is_found_and_synced(api, user, radicale, two_books, sent):
    source = _add(api, radicale.url)
    assert source["collection_url"] == two_books
    assert [(b["name"], b["chosen"]) for b in source["books"]] == [
        ("Family", True),
        ("Work", True),
    ]
    changes = _sync(api, source["id"])
    assert (changes["created"], changes["skipped"]) == (3, 0)
    names = set(Contact.objects.filter(owner=user).values_list("name", flat=True))
    assert names == {"Anna Berg", "Anna Kraus", "Ben Cole"}
    cards = SourceCard.objects.order_by("book__name", "href")
    assert [(c.book.name, c.href.rsplit("/", 1)[1], c.contact.name) for c in cards] == [
        ("Family", "anna.vcf", "Anna Berg"),
        ("Work", "anna.vcf", "Anna Kraus"),
        ("Work", "ben.vcf", "Ben Cole"),
    ]

    # A change in one book: only that book is asked what changed, then for that card.
    radicale.put_card("anna", vcard("anna", "Anna Kraus-Ott", "EMAIL:kraus@example.com"), "work")
    sent.clear()
    assert (_sync(api, source["id"])["updated"]) == 1
    assert sent == ["PROPFIND", "REPORT", "REPORT"]  # books, sync-collection, multiget
    assert Contact.objects.filter(owner=user, name="Anna Kraus-Ott").exists()
    assert Contact.objects.filter(owner=user, name="Anna Berg").exists()


@pytest.mark.django_db
def test_one_person_in_two_books_is_one_contact_until_both_cards_go(api, user, radicale):
    for book in ("family", "work"):
        radicale.make_addressbook(book)
        radicale.put_card("anna", vcard("anna", "Anna Berg", "TEL:+49 151 23456789"), book)
    pk = _add(api, radicale.url)["id"]
    _sync(api, pk)
    anna = Contact.objects.get(owner=user)
    assert SourceCard.objects.filter(contact=anna).count() == 2

    radicale.delete_card("anna", "work")
    assert _sync(api, pk)["archived"] == 0  # still on the family book's card
    anna.refresh_from_db()
    assert not anna.archived
    radicale.delete_card("anna", "family")
    assert _sync(api, pk)["archived"] == 1
    anna.refresh_from_db()
    assert anna.archived


@pytest.mark.django_db
def test_only_the_books_the_user_chose_are_synced(api, user, radicale, two_books):
    source = _add(api, radicale.url)
    family = source["books"][0]["url"]
    answer = api.patch(f"/api/sources/{source['id']}/", {"books": [family]}, format="json")
    assert answer.status_code == 200, answer.json()
    assert [b["chosen"] for b in answer.json()["books"]] == [True, False]
    _sync(api, source["id"])
    assert list(Contact.objects.filter(owner=user).values_list("name", flat=True)) == ["Anna Berg"]
    # Chosen again: the book is read from where it stood.
    work = source["books"][1]["url"]
    api.patch(f"/api/sources/{source['id']}/", {"books": [family, work]}, format="json")
    assert _sync(api, source["id"])["created"] == 2


@pytest.mark.django_db
def test_a_book_that_is_not_the_sources_is_a_400_naming_books(api, radicale, two_books):
    source = _add(api, radicale.url)
    answer = api.patch(
        f"/api/sources/{source['id']}/", {"books": ["http://elsewhere/x/"]}, format="json"
    )
    assert answer.status_code == 400
    assert list(answer.json()) == ["books"]
    assert all(book.chosen for book in SourceBook.objects.all())


@pytest.mark.django_db
def test_a_book_removed_on_the_server_archives_its_contacts(api, user, radicale, two_books):
    pk = _add(api, radicale.url)["id"]
    _sync(api, pk)
    assert radicale.request("DELETE", f"/{USER}/work/") in (200, 204)
    assert _sync(api, pk)["archived"] == 2
    kept = Contact.objects.filter(owner=user, archived=False)
    assert list(kept.values_list("name", flat=True)) == ["Anna Berg"]
    assert list(SourceBook.objects.values_list("name", flat=True)) == ["Family"]


@pytest.mark.django_db
def test_an_unchanged_resync_is_one_request_and_few_queries(api, radicale, two_books, sent):
    pk = _add(api, radicale.url)["id"]
    _sync(api, pk)
    sent.clear()
    source = Source.objects.get(pk=pk)
    from sources.services import source_sync

    with CaptureQueriesContext(connection) as queries:
        changes = source_sync(source=source)
    assert sent == ["PROPFIND"]  # both books' ctag and sync-token in one answer
    assert changes == {"created": 0, "updated": 0, "archived": 0, "unchanged": 0, "skipped": 0}
    # The source's books, then the source's next turn: no user, card or contact.
    tables = [q["sql"].split('"')[1] for q in queries]
    assert tables == ["sources_sourcebook", "sources_source"]


@pytest.mark.django_db
def test_a_source_of_one_book_moves_on_to_its_home(api, user, radicale, two_books, sent):
    """A source made before every book was followed knew one book (its URL kept in the
    source, its sync state in its SourceBook): its first sync finds the other books."""
    family = f"{radicale.url}/{USER}/family/"
    source = Source.objects.create(
        owner=user, kind="carddav", url=family, username=USER, collection_url=family
    )
    from sources.sealing import seal

    source.sealed_password = seal(PASSWORD)
    source.save()
    SourceBook.objects.create(source=source, url=family)
    assert _sync(api, source.pk)["created"] == 3
    source.refresh_from_db()
    assert source.collection_url == two_books
    assert sent[:2] == ["PROPFIND", "PROPFIND"]
    sent.clear()
    _sync(api, source.pk)
    assert sent == ["PROPFIND"]
