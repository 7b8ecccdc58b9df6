"""Mailboxes against a real Dovecot: Sent and Inbox become touches, a second sync adds
nothing, automated mail is ignored, a UIDVALIDITY change is handled."""

import pytest

from contacts.models import Direction, Touch, TouchChannel
from sources.models import Source
from tests.factories import ContactFactory
from tests.sources.dovecot_server import PASSWORD, USER


def _add(api, url, password=PASSWORD):
    return api.post(
        "/api/sources/",
        {"kind": "imap", "url": url, "username": USER, "password": password},
        format="json",
    )


def _sync(api, pk):
    answer = api.post(f"/api/sources/{pk}/sync/")
    assert answer.status_code == 200, answer.json()
    return answer.json()["changes"]


def _mail(sender, to, date, message_id, *extra):
    lines = [f"From: {sender}", f"To: {to}", f"Date: {date}", f"Message-ID: <{message_id}>"]
    return "\n".join([*lines, "Subject: private, never stored", *extra])


@pytest.mark.django_db
def test_sent_and_inbox_become_touches_once(api, user, dovecot):
    anna = ContactFactory(owner=user, name="Anna", email="anna@example.com")
    ContactFactory(owner=user, name="Ben", email="ben@example.com")
    dovecot.append(
        "Sent",
        _mail(
            "me@example.com", "Anna <Anna@Example.com>", "Tue, 1 Dec 2026 09:00:00 +0100", "1@me"
        ),
    )
    dovecot.append(
        "INBOX",
        _mail(
            "Anna <anna@example.com>", "me@example.com", "Wed, 2 Dec 2026 18:30:00 +0100", "2@anna"
        ),
    )
    dovecot.append(
        "INBOX",
        _mail("stranger@example.org", "me@example.com", "Wed, 2 Dec 2026 19:00:00 +0100", "3@x"),
    )
    dovecot.append(
        "INBOX",
        _mail(
            "anna@example.com",
            "list@example.com",
            "Wed, 2 Dec 2026 20:00:00 +0100",
            "4@list",
            "List-Id: <choir.example.com>",
        ),
    )
    dovecot.append(
        "INBOX",
        _mail(
            "anna@example.com",
            "me@example.com",
            "Wed, 2 Dec 2026 21:00:00 +0100",
            "5@auto",
            "Auto-Submitted: auto-replied",
        ),
    )
    answer = _add(api, dovecot.url)
    assert answer.status_code == 201, answer.json()
    pk = answer.json()["id"]

    first = _sync(api, pk)
    assert first == {"messages": 5, "automated": 2, "touches": 2}
    touches = list(Touch.objects.filter(contact=anna).order_by("at"))
    assert [(t.channel, t.direction, t.at.isoformat()) for t in touches] == [
        (TouchChannel.EMAIL, Direction.OUT, "2026-12-01T08:00:00+00:00"),
        (TouchChannel.EMAIL, Direction.IN, "2026-12-02T17:30:00+00:00"),
    ]
    assert all(t.note == "" and t.source == "mailbox" for t in touches)

    assert _sync(api, pk) == {"messages": 0, "automated": 0, "touches": 0}


@pytest.mark.django_db
def test_a_uidvalidity_change_reads_again_without_counting_twice(api, user, dovecot):
    anna = ContactFactory(owner=user, name="Anna", email="anna@example.com")
    dovecot.append(
        "INBOX",
        _mail("anna@example.com", "me@example.com", "Wed, 2 Dec 2026 18:30:00 +0100", "2@anna"),
    )
    pk = _add(api, dovecot.url).json()["id"]
    _sync(api, pk)
    source = Source.objects.get(pk=pk)
    source.cursor["INBOX"]["uidvalidity"] += 1  # as after the server rebuilt its index
    source.save()
    dovecot.append(
        "INBOX",
        _mail("anna@example.com", "me@example.com", "Thu, 3 Dec 2026 08:00:00 +0100", "6@anna"),
    )
    assert _sync(api, pk) == {"messages": 2, "automated": 0, "touches": 1}
    assert Touch.objects.filter(contact=anna).count() == 2


@pytest.mark.django_db
def test_wrong_imap_password_names_the_credentials(api, dovecot):
    answer = _add(api, dovecot.url, password="wrong")
    assert answer.status_code == 400
    assert list(answer.json()) == ["credentials"]


@pytest.mark.django_db
def test_plain_imap_to_a_public_address_is_refused(api):
    answer = _add(api, "imap://127.0.0.1:1/")  # loopback, not allowed here
    assert answer.status_code == 400
    assert list(answer.json()) == ["url"]
