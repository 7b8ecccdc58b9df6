"""Address books against a real Radicale: discovery, first sync, a card changed, a card
deleted, nothing changed, wrong password, a server that hangs."""

import socket
import threading

import pytest

from contacts.importing.service import contacts_import
from contacts.models import Contact
from sources.models import Source, SourceCard
from tests.sources.radicale_server import PASSWORD, USER, vcard


def _add(api, url, password=PASSWORD, kind="carddav"):
    return api.post(
        "/api/sources/",
        {"kind": kind, "url": url, "username": USER, "password": password, "name": "Phone"},
        format="json",
    )


def _sync(api, pk):
    """What the sync changed."""
    answer = api.post(f"/api/sources/{pk}/sync/")
    assert answer.status_code == 200, answer.json()
    return answer.json()["changes"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["", "/", f"/{USER}/", f"/{USER}/contacts/"])
def test_discovery_finds_the_address_book_from_any_address(api, radicale, path):
    book = radicale.make_addressbook()
    answer = _add(api, radicale.url + path)
    assert answer.status_code == 201, answer.json()
    assert answer.json()["books"] == [{"url": book, "name": f"{USER}/contacts", "chosen": True}]
    assert "password" not in answer.json()
    source = Source.objects.get()
    assert PASSWORD not in source.sealed_password


@pytest.mark.django_db
def test_first_sync_then_changed_then_deleted(api, user, radicale):
    radicale.make_addressbook()
    radicale.put_card(
        "anna", vcard("anna", "Anna Berg", "TEL;TYPE=CELL:+49 151 23456789", "BDAY:1990-04-02")
    )
    radicale.put_card("ben", vcard("ben", "Ben Cole", "EMAIL:ben@example.com"))
    pk = _add(api, radicale.url).json()["id"]

    first = _sync(api, pk)
    assert (first["created"], first["updated"], first["archived"]) == (2, 0, 0)
    anna = Contact.objects.get(owner=user, name="Anna Berg")
    assert anna.numbers.get().number == "+4915123456789"
    assert anna.dates.get().month == 4
    # What the user sets only in Ringback stays through later syncs.
    anna.keep_in_touch_days, anna.notes = 30, "Met at the choir"
    anna.save()

    again = _sync(api, pk)
    assert (again["created"], again["updated"], again["archived"]) == (0, 0, 0)

    radicale.put_card(
        "anna",
        vcard("anna", "Anna Berg-Lund", "TEL;TYPE=CELL:+49 151 23456789", "EMAIL:anna@example.com"),
    )
    changed = _sync(api, pk)
    assert (changed["created"], changed["updated"]) == (0, 1)
    anna.refresh_from_db()
    assert (anna.name, anna.email) == ("Anna Berg-Lund", "anna@example.com")
    assert (anna.keep_in_touch_days, anna.notes) == (30, "Met at the choir")

    radicale.delete_card("ben")
    deleted = _sync(api, pk)
    assert deleted["archived"] == 1
    ben = Contact.objects.get(owner=user, name="Ben Cole")
    assert ben.archived
    assert SourceCard.objects.filter(source_id=pk).count() == 1


@pytest.mark.django_db
def test_a_synced_card_and_an_imported_card_are_one_contact(api, user, radicale):
    card = vcard("anna", "Anna Berg", "TEL;TYPE=CELL:+49 151 23456789")
    contacts_import(owner=user, data=card.encode())
    radicale.make_addressbook()
    radicale.put_card("anna", card)
    pk = _add(api, radicale.url).json()["id"]
    _sync(api, pk)
    assert Contact.objects.filter(owner=user).count() == 1
    assert SourceCard.objects.get().contact == Contact.objects.get(owner=user)


@pytest.mark.django_db
def test_unchanged_resync_is_one_request(api, user, radicale, monkeypatch):
    radicale.make_addressbook()
    radicale.put_card("anna", vcard("anna", "Anna Berg"))
    pk = _add(api, radicale.url).json()["id"]
    _sync(api, pk)
    from sources import http

    sent = []
    original = http.Client._once

    def counted(self, *args):
        sent.append(args[0])
        return original(self, *args)

    monkeypatch.setattr(http.Client, "_once", counted)
    _sync(api, pk)
    assert sent == ["PROPFIND"]


@pytest.mark.django_db
def test_an_expired_sync_token_falls_back_to_a_full_listing(api, user, radicale):
    radicale.make_addressbook()
    radicale.put_card("anna", vcard("anna", "Anna Berg"))
    pk = _add(api, radicale.url).json()["id"]
    _sync(api, pk)
    Source.objects.filter(pk=pk).update(sync_token="http://radicale.org/ns/sync/bogus")
    radicale.put_card("ben", vcard("ben", "Ben Cole"))
    radicale.delete_card("anna")
    answer = _sync(api, pk)
    assert (answer["created"], answer["archived"]) == (1, 1)


@pytest.mark.django_db
def test_wrong_password_is_a_400_naming_the_credentials(api, radicale):
    radicale.make_addressbook()
    answer = _add(api, radicale.url, password="wrong")
    assert answer.status_code == 400
    assert list(answer.json()) == ["credentials"]
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_not_an_address_book(api, radicale):
    answer = _add(api, radicale.url)  # the account has no address book yet
    assert answer.status_code == 400
    assert list(answer.json()) == ["collection"]


@pytest.mark.django_db
def test_private_addresses_are_refused_unless_the_operator_allows_them(api, radicale, settings):
    settings.SOURCES_PRIVATE_NETWORKS = []
    answer = _add(api, radicale.url)
    assert answer.status_code == 400
    assert "SOURCES_PRIVATE_NETWORKS" in answer.json()["url"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "https://user:pw@example.com/", "not a url", "file:///etc/passwd"]
)
def test_addresses_that_are_not_plain_urls_are_refused(api, url):
    answer = _add(api, url)
    assert answer.status_code == 400
    assert list(answer.json()) == ["url"]


@pytest.mark.django_db
def test_plain_http_to_a_public_address_is_refused_before_connecting(api):
    answer = _add(api, "http://192.0.32.10/")  # a public address: no password in clear
    assert answer.status_code == 400
    assert list(answer.json()) == ["tls"]


@pytest.mark.django_db
def test_a_server_that_hangs_times_out(api, settings):
    settings.SOURCES_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    settings.SOURCES_TIMEOUT_SECONDS = 1
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    try:
        answer = _add(api, f"http://127.0.0.1:{listener.getsockname()[1]}/")
    finally:
        listener.close()
    assert answer.status_code == 400
    assert "did not answer within 1 seconds" in answer.json()["url"][0]


@pytest.mark.django_db
def test_a_failed_sync_is_recorded_and_backs_off(api, radicale):
    radicale.make_addressbook()
    pk = _add(api, radicale.url).json()["id"]
    radicale.process.terminate()
    radicale.process.wait(timeout=10)
    answer = api.post(f"/api/sources/{pk}/sync/")
    assert answer.status_code == 502
    assert answer.json()["source"]["status"] == "failed"
    source = Source.objects.get(pk=pk)
    assert source.failures == 1 and "connect" in source.last_error


@pytest.mark.django_db
def test_each_user_sees_only_their_own_sources(api, other_api, radicale):
    radicale.make_addressbook()
    pk = _add(api, radicale.url).json()["id"]
    assert other_api.get("/api/sources/").json() == []
    assert other_api.get(f"/api/sources/{pk}/").status_code == 404
    assert other_api.post(f"/api/sources/{pk}/sync/").status_code == 404
    assert other_api.delete(f"/api/sources/{pk}/").status_code == 404
    assert api.delete(f"/api/sources/{pk}/").status_code == 204


@pytest.mark.django_db
def test_a_token_cannot_manage_sources(token_api):
    assert token_api.get("/api/sources/").status_code == 403


@pytest.mark.django_db
def test_patch_checks_a_new_password(api, radicale):
    radicale.make_addressbook()
    pk = _add(api, radicale.url).json()["id"]
    assert (
        api.patch(f"/api/sources/{pk}/", {"name": "Nextcloud"}, format="json").json()["name"]
        == "Nextcloud"
    )
    wrong = api.patch(f"/api/sources/{pk}/", {"password": "nope"}, format="json")
    assert wrong.status_code == 400 and list(wrong.json()) == ["credentials"]


@pytest.mark.django_db
def test_healthz_counts_sources_and_failing_ones(client, user):
    Source.objects.create(owner=user, kind="carddav", url="https://a.example/", username="a")
    Source.objects.create(
        owner=user, kind="imap", url="imaps://b.example", username="b", failures=3
    )
    assert client.get("/healthz").json()["sources"] == {"total": 2, "failing": 1}
