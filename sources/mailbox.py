"""Touches from a mailbox (IMAP, through imapclient): a message in Sent to a contact's
address is an e-mail out, a message in the Inbox from one an e-mail in.

Only headers are read (From, To, Cc, Date, Message-ID and the three that mark mail no
person wrote: List-Id, Auto-Submitted, Precedence), never bodies; only who and when are
stored. Each folder is read from the last UID seen on (UIDVALIDITY changed: from the
start again, the message ids keep it from counting twice).
"""

import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import suppress
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses, parsedate_to_datetime

import imapclient
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from imapclient.exceptions import IMAPClientError, LoginError

from contacts.models import Contact, Direction, TouchChannel, TouchSource
from contacts.services import touch_record
from sources.addresses import resolve
from sources.models import Source, SourceTouch
from sources.problems import ADDRESS, COLLECTION, CREDENTIALS, TLS, SourceProblem

HEADERS = b"FROM TO CC DATE MESSAGE-ID LIST-ID AUTO-SUBMITTED PRECEDENCE"
FETCH = b"BODY.PEEK[HEADER.FIELDS (" + HEADERS + b")]"
BATCH = 500
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "INBOX.Sent", "[Gmail]/Sent Mail")
AUTOMATED_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}


def connect(url: str, username: str, password: str) -> imapclient.IMAPClient:
    """Logged in, or a SourceProblem naming what failed. imaps:// is TLS from the start;
    imap:// is STARTTLS, and plain text only to a network the operator allowed."""
    target = resolve(url, ("imaps", "imap"))
    timeout = settings.SOURCES_TIMEOUT_SECONDS
    try:
        client = imapclient.IMAPClient(
            target.host, port=target.port, ssl=target.scheme == "imaps", timeout=timeout
        )
        if target.scheme == "imap" and b"STARTTLS" in client.capabilities():
            client.starttls(ssl.create_default_context())
        elif target.scheme == "imap" and ipaddress.ip_address(target.address).is_global:
            # Plain text only inside a network the operator allowed (a server at home).
            raise SourceProblem(TLS, _("This server offers no TLS; use imaps://."))
        client.login(username, password)
    except LoginError:
        raise SourceProblem(
            CREDENTIALS, _("The server refused this user name and password.")
        ) from None
    except ssl.SSLError as error:
        raise SourceProblem(
            TLS, _("The server's certificate was not accepted: %(why)s") % {"why": error}
        ) from None
    except (TimeoutError, OSError, IMAPClientError) as error:
        raise SourceProblem(
            ADDRESS, _("Could not talk to the mail server: %(why)s") % {"why": error}
        ) from None
    return client


def folders(client: imapclient.IMAPClient) -> dict[str, str]:
    """{folder: direction}: the Inbox (in) and the Sent folder (out), by its special use
    (RFC 6154) or, without one, by its usual names."""
    sent = client.find_special_folder(imapclient.imapclient.SENT)
    if sent is None:
        names = {name for _flags, _sep, name in client.list_folders()}
        sent = next((name for name in SENT_NAMES if name in names), None)
    if sent is None:
        raise SourceProblem(COLLECTION, _("This mailbox has no Sent folder."))
    return {"INBOX": Direction.IN, sent: Direction.OUT}


def _headers(data: dict[bytes, object]) -> bytes:
    for key, value in data.items():
        if key.startswith(b"BODY[") and isinstance(value, bytes):
            return value
    return b""


def _automated(message: EmailMessage) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return bool(message.get("List-Id")) or auto != "no" or precedence in AUTOMATED_PRECEDENCE


def _when(message: EmailMessage) -> datetime:
    now = timezone.now()
    try:
        at = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError):
        return now
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return min(at, now)


def _people(message: EmailMessage, direction: str) -> Iterator[str]:
    fields = ["From"] if direction == Direction.IN else ["To", "Cc"]
    values = [str(value) for name in fields for value in message.get_all(name, [])]
    for _name, address in getaddresses(values):
        if "@" in address:
            yield address.strip().lower()


def _messages(
    client: imapclient.IMAPClient, folder: str, cursor: dict[str, int]
) -> Iterator[tuple[int, EmailMessage]]:
    """(uid, headers) of the messages after the cursor; the cursor moves with them."""
    status = client.select_folder(folder, readonly=True)
    validity = int(status[b"UIDVALIDITY"])
    if cursor.get("uidvalidity") != validity:
        cursor.clear()
        cursor.update(uidvalidity=validity, uid=0)
    uids = [uid for uid in client.search(["UID", f"{cursor['uid'] + 1}:*"]) if uid > cursor["uid"]]
    parser = BytesHeaderParser(policy=default_policy)
    for start in range(0, len(uids), BATCH):
        batch = sorted(uids[start : start + BATCH])
        fetched = client.fetch(batch, [FETCH])
        for uid in batch:
            if uid in fetched:
                yield uid, parser.parsebytes(_headers(fetched[uid]))
            cursor["uid"] = uid


def mailbox_sync(*, source: Source, password: str) -> dict[str, int]:
    """New touches from the folders since the last sync; what it added and skipped."""
    counts = {"touches": 0, "messages": 0, "automated": 0}
    by_email = {
        contact.email.lower(): contact
        for contact in Contact.objects.filter(owner=source.owner).exclude(email="")
    }
    client = connect(source.url, source.username, password)
    try:
        for folder, direction in folders(client).items():
            cursor = source.cursor.setdefault(folder, {})
            for uid, message in _messages(client, folder, cursor):
                counts["messages"] += 1
                if _automated(message):
                    counts["automated"] += 1
                    continue
                key_base = str(message.get("Message-ID", "")).strip() or (
                    f"{folder}/{cursor['uidvalidity']}/{uid}"
                )
                for email in set(_people(message, direction)):
                    contact = by_email.get(email)
                    if contact is not None and _touch(
                        source, contact, direction, message, key_base
                    ):
                        counts["touches"] += 1
            source.save(update_fields=["cursor"])
    except (TimeoutError, OSError, IMAPClientError) as error:
        raise SourceProblem(
            ADDRESS, _("Could not talk to the mail server: %(why)s") % {"why": error}
        ) from None
    finally:
        with suppress(OSError, IMAPClientError):
            client.logout()
    return counts


def _touch(
    source: Source, contact: Contact, direction: str, message: EmailMessage, key_base: str
) -> bool:
    key = f"mail:{direction}:{contact.pk}:{key_base}"[:400]
    if SourceTouch.objects.filter(source=source, key=key).exists():
        return False
    touch = touch_record(
        owner=source.owner,
        contact=contact,
        channel=TouchChannel.EMAIL,
        direction=direction,
        at=_when(message),
        source=TouchSource.MAILBOX,
    )
    SourceTouch.objects.create(source=source, key=key, touch=touch)
    return True
