"""Upgrading from the previous release (e20fdb5) keeps every row, and what the rows are
for keeps working: tokens authenticate, the webhook URL still takes calls, a stored
subscription still gets pushes, the members group may still edit preferences.

The test database is taken back to that release's migrations, filled through the
historical models of that state, and migrated forward, as `manage.py migrate` would.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.apps.registry import Apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient
from twilio.request_validator import RequestValidator

from accounts.models import CalendarFeed, Preferences, TelephonyHook
from contacts import rhythm
from contacts.models import Contact
from contacts.selectors import rhythms_of
from reminders.dispatch.claim import reminders_dispatch
from reminders.dispatch.deliver import reminders_deliver
from reminders.models import Delivery, MissedCall, Reminder, Source

# The leaf migrations of e20fdb5; accounts and push did not exist yet.
PREVIOUS_RELEASE = [
    ("contacts", "0001_initial"),
    ("reminders", "0004_engine"),
    ("webpush", "0005_auto_20230614_1529"),
    ("accounts", None),
    ("push", None),
]
# Every table of these apps gets rows at the previous release.
FILLED_APPS = ("contacts", "reminders", "webpush")
MOVED = ("preferences", "apitoken", "telephonyhook", "actionreplay")
MEMBERS_GROUP = "Ringback users"
UNIQUE_ENDPOINT_INDEX = "webpush_subscriptioninfo_endpoint_uniq"
# Berlin's late morning: outside the quiet hours the old data sets.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TOKEN_SECRET = "rb_s3cret-of-alices-phone-made-before-the-upgrade"
REVOKED_SECRET = "rb_s3cret-of-a-laptop-alice-revoked"
HOOK_SECRET = "hook-secret-of-alice-made-before-the-upgrade"
TWILIO_AUTH_TOKEN = "twilio-auth-token-for-the-upgrade-test"


def migrate(targets: list[tuple[str, str | None]]) -> Apps:
    """Migrate the test database, as `manage.py migrate` does; the models of that state."""
    state = MigrationExecutor(connection).migrate(targets)
    # Content type ids are cached by model; the upgrade moves some to another app.
    ContentType.objects.clear_cache()
    return state.apps


def dispatch() -> int:
    """One dispatcher run with its batches delivered in this process (as the `dispatch`
    fixture of tests/reminders does)."""
    batches = []
    claimed = reminders_dispatch(enqueue=lambda ids, token: batches.append((ids, token)))
    for ids, token in batches:
        reminders_deliver(reminder_ids=ids, token=token)
    return claimed


def head() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def previous_release(transactional_db) -> Iterator[Apps]:
    """The test database at the previous release (migrations are DDL: no wrapping
    transaction). Left at head, whatever happens, for the tests that come after."""
    try:
        with time_machine.travel(NOW, tick=True):
            yield migrate(PREVIOUS_RELEASE)
    finally:
        migrate(head())


def at_head(label: str) -> str:
    """Where a model of the previous release lives now."""
    app_label, model = label.split(".")
    return f"accounts.{model}" if app_label == "reminders" and model in MOVED else label


def endpoint_index_exists() -> bool:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "webpush_subscriptioninfo")
    return UNIQUE_ENDPOINT_INDEX in constraints


@dataclass
class Stored:
    alice: int
    carol: int  # made before preferences and webhook secrets were: has neither
    dave: int  # a household member, staff in the members group
    alice_active_reminders: set[int]
    alice_device: int
    dump: dict[str, dict[int, dict]]


def _dump_labels(apps: Apps) -> list[str]:
    labels = [
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in FILLED_APPS
    ]
    return [*labels, "auth.user", "auth.group", "auth.group_permissions"]


def dump(apps: Apps, labels: list[str]) -> dict[str, dict[int, dict]]:
    """Every row of these tables, by primary key, as the database has it."""
    rows = {}
    for label in labels:
        model = apps.get_model(label)
        rows[label] = {row[model._meta.pk.attname]: row for row in model.objects.values()}
    return rows


def fill(apps: Apps, device) -> Stored:
    """A database in use at the previous release, through that release's models."""

    def get(label: str):
        return apps.get_model(label)

    User, Group = get("auth.User"), get("auth.Group")
    Permission, OldContentType = get("auth.Permission"), get("contenttypes.ContentType")
    Contact, PhoneNumber = get("contacts.Contact"), get("contacts.PhoneNumber")
    Reminder_, MissedCall_, Attempt = (
        get("reminders.Reminder"),
        get("reminders.MissedCall"),
        get("reminders.Attempt"),
    )
    Delivery_, DeliveryAttempt = get("reminders.Delivery"), get("reminders.DeliveryAttempt")
    SubscriptionInfo, PushInformation = (
        get("webpush.SubscriptionInfo"),
        get("webpush.PushInformation"),
    )
    earlier = NOW - timedelta(days=3)

    alice = User.objects.create(username="alice", password="!", email="alice@example.com")
    bob = User.objects.create(username="bob", password="!")
    carol = User.objects.create(username="carol", password="!")
    dave = User.objects.create(username="dave", password="!", is_staff=True)
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    # At the previous release the members' right to edit preferences was on reminders.
    preferences_type = OldContentType.objects.get(app_label="reminders", model="preferences")
    members.permissions.add(
        *Permission.objects.filter(
            content_type=preferences_type, codename__in=["change_preferences", "view_preferences"]
        )
    )
    dave.groups.add(members)

    get("reminders.Preferences").objects.create(
        user=alice,
        time_zone="Europe/Berlin",
        quiet_start=time(22, 0),
        quiet_end=time(7, 0),
        language="de",
    )
    get("reminders.Preferences").objects.create(user=bob)
    get("reminders.Preferences").objects.create(user=dave, time_zone="Europe/Vienna")
    get("reminders.RelationshipWindow").objects.create(
        owner=alice, relationship="family", window=timedelta(hours=2)
    )
    get("reminders.RelationshipWindow").objects.create(
        owner=bob, relationship="work", window=timedelta(days=2)
    )

    mum = Contact.objects.create(
        owner=alice,
        name="Mum",
        relationship="family",
        email="mum@example.com",
        notes="Sundays after lunch",
        preferred_channel="text",
        callback_window=timedelta(hours=1),
        starred=True,
        last_contacted_at=earlier,
    )
    anna = Contact.objects.create(owner=alice, name="Anna Weber", relationship="friend")
    old_friend = Contact.objects.create(owner=alice, name="Old friend", archived=True)
    ben = Contact.objects.create(owner=bob, name="Ben", relationship="work")
    PhoneNumber.objects.create(owner=alice, contact=mum, number="+49301234567", label="home")
    PhoneNumber.objects.create(owner=alice, contact=mum, number="+4915112345678", label="mobile")
    PhoneNumber.objects.create(owner=alice, contact=anna, number="+4917612345678")
    PhoneNumber.objects.create(owner=alice, contact=old_friend, number="+4940123456")
    PhoneNumber.objects.create(owner=bob, contact=ben, number="+4930999888")

    def times(hours_ago: int, window: timedelta) -> dict:
        called = NOW - timedelta(hours=hours_ago)
        return {
            "opened_at": called,
            "first_call_at": called,
            "last_call_at": called,
            "deadline": called + window,
        }

    open_reminder = Reminder_.objects.create(
        owner=alice,
        contact=mum,
        state="open",
        **{**times(1, timedelta(days=1)), "last_call_at": NOW - timedelta(minutes=20)},
        call_count=2,
        next_step="nudge",
        next_step_at=NOW + timedelta(hours=5),
        step_seq=2,
    )
    snoozed = Reminder_.objects.create(
        owner=alice,
        number="+4930555000",
        kind="identify",
        state="snoozed",
        **times(2, timedelta(days=1)),
        snoozed_until=NOW + timedelta(hours=2),
        next_step="nudge",
        next_step_at=NOW + timedelta(hours=2),
        step_seq=1,
    )
    done = Reminder_.objects.create(
        owner=alice,
        contact=anna,
        kind="follow_up",
        state="done",
        **times(30, timedelta(days=1)),
        resolution="called_back",
        resolved_at=NOW - timedelta(hours=20),
        step_seq=3,
    )
    bobs = Reminder_.objects.create(
        owner=bob,
        contact=ben,
        **times(3, timedelta(days=2)),
        next_step="deadline",
        next_step_at=NOW + timedelta(days=1),
        step_seq=1,
        claim_token="a-lease-left-behind",
        claimed_until=NOW - timedelta(hours=1),
    )
    for reminder, source, client_key, reason in [
        (open_reminder, "manual", "", "About Sunday"),
        (open_reminder, "api", "shortcut-7", ""),
        (snoozed, "webhook", "twilio:CA0001", ""),
        (done, "import", "", "Birthday"),
        (bobs, "manual", "", ""),
    ]:
        MissedCall_.objects.create(
            owner=reminder.owner,
            contact=reminder.contact,
            number=reminder.number,
            occurred_at=reminder.first_call_at,
            source=source,
            reason=reason,
            reminder=reminder,
            client_key=client_key,
        )
    Attempt.objects.create(
        reminder=done, at=NOW - timedelta(hours=25), channel="call", outcome="no_answer"
    )
    Attempt.objects.create(
        reminder=done,
        at=NOW - timedelta(hours=20),
        channel="call",
        outcome="reached",
        note="All fine",
    )
    Attempt.objects.create(
        reminder=open_reminder, at=NOW - timedelta(minutes=10), channel="text", outcome="sent"
    )

    ApiToken = get("reminders.ApiToken")
    for owner, name, secret, revoked in [
        (alice, "Phone", TOKEN_SECRET, False),
        (alice, "Old laptop", REVOKED_SECRET, True),
        (bob, "Tasker", "rb_bobs-own-token-secret", False),
    ]:
        ApiToken.objects.create(
            owner=owner,
            name=name,
            # As the previous release hashed them, not through today's token_hash: a
            # change of the hash would strand every token handed out before.
            key_hash=hashlib.sha256(secret.encode()).hexdigest(),
            prefix=secret[:9],
            last_used_at=earlier,
            revoked=revoked,
        )
    get("reminders.TelephonyHook").objects.create(owner=alice, secret=HOOK_SECRET)
    get("reminders.TelephonyHook").objects.create(owner=bob, secret="hook-secret-of-bob")
    get("reminders.TelephonyHook").objects.create(owner=dave, secret="hook-secret-of-dave")
    get("reminders.ActionReplay").objects.create(
        owner=alice,
        key="offline-done-1",
        path=f"/api/reminders/{done.pk}/done/",
        status_code=200,
        body={"id": done.pk, "state": "done", "actions": []},
    )

    alices_phone = SubscriptionInfo.objects.create(
        browser="chrome",
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/131.0",
        endpoint=device.endpoint,
        p256dh=device.p256dh,
        auth=device.auth,
    )
    bobs_phone = SubscriptionInfo.objects.create(
        browser="firefox",
        endpoint="https://updates.push.services.mozilla.com/wpush/v2/bobs-phone",
        p256dh="BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        auth="tBHItJI5svbpez7KI4CCXg",
    )
    office = SubscriptionInfo.objects.create(
        browser="edge",
        endpoint="https://wns2-par02p.notify.windows.com/w/?token=office-screen",
        p256dh="BIPUL12DLfytvTajnryr2PRdAgXS3HGKiLqndGcJGabyhHheJYlNGCeXl1dn18gSJ1WAkAPIxr4gK0_dQds4yiI",
        auth="DGv6ra1nlYgDCS1FRnbzlw",
    )
    PushInformation.objects.create(user=alice, subscription=alices_phone)
    PushInformation.objects.create(user=bob, subscription=bobs_phone)
    PushInformation.objects.create(
        group=get("webpush.Group").objects.create(name="office"), subscription=office
    )

    sent = Delivery_.objects.create(
        reminder=open_reminder,
        step_seq=1,
        step="prompt",
        subscription=alices_phone,
        endpoint=alices_phone.endpoint,
        status="sent",
        tries=1,
        finished_at=NOW - timedelta(minutes=59),
    )
    retrying = Delivery_.objects.create(
        reminder=open_reminder,
        step_seq=2,
        step="nudge",
        subscription=alices_phone,
        endpoint=alices_phone.endpoint,
        status="pending",
        tries=1,
        next_try_at=NOW + timedelta(minutes=1),
    )
    # The device of this one unsubscribed: its row went, the delivery stays.
    Delivery_.objects.create(
        reminder=done,
        step_seq=1,
        step="prompt",
        subscription=None,
        endpoint="https://fcm.googleapis.com/fcm/send/gone-device",
        status="gone",
        tries=1,
        finished_at=NOW - timedelta(hours=29),
    )
    DeliveryAttempt.objects.create(
        delivery=sent,
        at=NOW - timedelta(minutes=59),
        outcome="sent",
        status_code=201,
        duration_ms=48,
    )
    DeliveryAttempt.objects.create(
        delivery=retrying,
        at=NOW - timedelta(minutes=1),
        outcome="retry",
        status_code=429,
        error="Too Many Requests",
        duration_ms=12,
    )
    get("reminders.Heartbeat").objects.create(name="dispatcher", beat_at=NOW - timedelta(seconds=5))

    stored = dump(apps, _dump_labels(apps))
    return Stored(
        alice=alice.pk,
        carol=carol.pk,
        dave=dave.pk,
        alice_active_reminders={open_reminder.pk, snoozed.pk},
        alice_device=alices_phone.pk,
        dump=stored,
    )


@pytest.fixture
def stored(previous_release, receiver) -> tuple[Stored, object]:
    """The previous release's database in use; Alice's phone is the receiver's device."""
    device = receiver.subscribe()
    return fill(previous_release, device), device


# Made by the upgrade for users who had none (the previous release made them on first read).
BACKFILLED = {"accounts.preferences": "user_id", "accounts.telephonyhook": "owner_id"}


GONE = "<column gone>"
# Columns whose values live elsewhere now: a missed call's idempotency key is a stored
# answer of accounts' ActionReplay (checked by the upgrade test itself).
MOVED_COLUMNS = {"reminders.missedcall": {"client_key"}}


def assert_kept(before: dict[str, dict[int, dict]], after: dict[str, dict[int, dict]], carol: int):
    """Every row of before is in after with its id and values; after has no other rows
    but the ones the upgrade makes for Carol. Columns added later are not compared."""
    for label, rows in before.items():
        columns = next(iter(rows.values())).keys()
        moved = MOVED_COLUMNS.get(at_head(label), set())
        now_rows = {
            pk: {column: row.get(column, GONE) for column in columns if column not in moved}
            for pk, row in after[at_head(label)].items()
        }
        rows = {
            pk: {column: value for column, value in row.items() if column not in moved}
            for pk, row in rows.items()
        }
        if at_head(label) == "accounts.actionreplay":
            # The calls' keys became stored answers on the way up: those rows are new.
            calls = next(rows for name, rows in before.items() if name.endswith("missedcall"))
            keys = {call["client_key"] for call in calls.values()} - {""}
            now_rows = {
                pk: row for pk, row in now_rows.items() if pk in rows or row["key"] not in keys
            }
        if at_head(label) in BACKFILLED:
            made = [row for pk, row in now_rows.items() if pk not in rows]
            assert [row[BACKFILLED[at_head(label)]] for row in made] == [carol], label
            now_rows = {pk: row for pk, row in now_rows.items() if pk in rows}
        assert now_rows == rows, label


def test_the_upgrade_keeps_every_row_with_its_id_and_values(previous_release, stored):
    data, _device = stored
    assert [label for label, rows in data.dump.items() if not rows] == []
    assert endpoint_index_exists()

    apps = migrate(head())

    assert_kept(data.dump, dump(apps, [at_head(label) for label in data.dump]), data.carol)
    # Each call's idempotency key is a stored answer now, pointing at that call.
    keyed = {
        pk: row["client_key"]
        for pk, row in data.dump["reminders.missedcall"].items()
        if row["client_key"]
    }
    replays = apps.get_model("accounts.ActionReplay").objects.filter(key__in=keyed.values())
    answered = {replay.key: replay.body["missed_call"] for replay in replays}
    assert {
        key: made if isinstance(made, int) else made["id"] for key, made in answered.items()
    } == {key: pk for pk, key in keyed.items()}
    # One push subscription of ours per stored one, with its id: deliveries point at it.
    infos = data.dump["webpush.subscriptioninfo"]
    subscriptions = apps.get_model("push.Subscription").objects.values_list("pk", "endpoint")
    assert dict(subscriptions) == {pk: row["endpoint"] for pk, row in infos.items()}
    # push.Subscription keeps endpoints unique now.
    assert not endpoint_index_exists()
    # PostgreSQL keeps a renamed table's sequence: a new user's preferences, made in the
    # renamed table, do not collide with the rows that were there.
    eve = get_user_model().objects.create_user(username="eve", password="x")
    assert Preferences.objects.get(user=eve).pk not in data.dump["reminders.preferences"]


def test_after_the_upgrade_what_was_stored_still_works(
    previous_release, stored, receiver, settings
):
    data, device = stored
    old_preferences_type = ContentType.objects.get(app_label="reminders", model="preferences").pk

    migrate(head())

    # Every contact knows when their keep-in-touch rhythm comes due, by the rule.
    contacts = list(Contact.objects.all())
    assert [c.next_touch_due for c in contacts] == [
        rhythm.due(c, rhythms_of(c.owner)) for c in contacts
    ]

    # Alice's automation: the token made before reads her reminders (not Bob's);
    # the one she revoked stays revoked.
    phone, laptop = APIClient(), APIClient()
    phone.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN_SECRET}")
    laptop.credentials(HTTP_AUTHORIZATION=f"Bearer {REVOKED_SECRET}")
    answer = phone.get("/api/reminders/")
    assert answer.status_code == 200
    assert {reminder["id"] for reminder in answer.json()["results"]} == (
        data.alice_active_reminders
    )
    assert laptop.get("/api/reminders/").status_code == 401
    me = phone.get("/api/me/").json()
    assert (me["username"], me["time_zone"], me["language"]) == ("alice", "Europe/Berlin", "de")
    assert (me["quiet_start"], me["quiet_end"], me["windows"]["family"]) == (
        "22:00",
        "07:00",
        120,
    )

    # Her telephony webhook URL is the one she gave Twilio, and it takes a missed call…
    path = f"/api/webhooks/twilio/{HOOK_SECRET}/voice-status/"
    assert me["twilio_webhook_url"] == f"http://testserver{path}"
    settings.TWILIO_AUTH_TOKEN = TWILIO_AUTH_TOKEN
    form = {"CallSid": "CA-after-upgrade", "CallStatus": "no-answer", "From": "+4917699887766"}
    signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(
        f"http://testserver{path}", form
    )
    answer = APIClient().post(
        path,
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=signature,
    )
    assert answer.status_code == 201
    call = MissedCall.objects.get(pk=answer.json()["missed_call"])
    assert (call.owner_id, call.source) == (data.alice, Source.WEBHOOK)

    # …which is pushed to the phone she subscribed before the upgrade.
    assert dispatch() == 1
    [received] = receiver.delivered(device)
    assert received.payload["tag"] == f"reminder-{call.reminder_id}"
    delivery = Delivery.objects.get(reminder_id=call.reminder_id)
    assert (delivery.subscription_id, delivery.status) == (data.alice_device, "sent")

    # Carol, made before preferences came with the user, has them and a webhook URL.
    carol = get_user_model().objects.get(pk=data.carol)
    preferences = Preferences.objects.get(user=carol)
    assert (preferences.time_zone, preferences.quiet_start, preferences.language) == (
        "UTC",
        None,
        "en",
    )
    assert TelephonyHook.objects.get(owner=carol).secret
    carols_app = APIClient()
    carols_app.force_login(carol)
    assert carols_app.get("/api/me/").json()["twilio_webhook_url"]
    # Every user of the previous release has a calendar feed of their own (accounts 0005).
    feeds = CalendarFeed.objects.values_list("owner_id", "secret")
    assert {owner for owner, _secret in feeds} == set(
        get_user_model().objects.values_list("pk", flat=True)
    )
    assert len({secret for _owner, secret in feeds}) == len(feeds)
    assert APIClient().get(carols_app.get("/api/me/").json()["calendar_url"]).status_code == 200

    # Dave, in the members group, may still see and change preferences in the admin:
    # the content type, and the group's permissions on it, moved to accounts.
    assert ContentType.objects.get_for_model(Preferences).pk == old_preferences_type
    assert not ContentType.objects.filter(app_label="reminders", model__in=MOVED).exists()
    dave = get_user_model().objects.get(pk=data.dave)
    assert dave.has_perm("accounts.change_preferences")
    assert dave.has_perm("accounts.view_preferences")
    assert not dave.has_perm("accounts.delete_preferences")


def test_going_back_to_the_previous_release_keeps_every_row(previous_release, stored):
    data, _device = stored
    migrate(head())

    apps = migrate(PREVIOUS_RELEASE)

    # Carol's preferences and secret, made on the way up, stay: the old code reads them.
    assert_kept(
        {at_head(label): rows for label, rows in data.dump.items()},
        {at_head(label): rows for label, rows in dump(apps, list(data.dump)).items()},
        data.carol,
    )
    assert endpoint_index_exists()
    OldContentType = apps.get_model("contenttypes.ContentType")
    assert OldContentType.objects.filter(app_label="reminders", model__in=MOVED).count() == 4


def test_the_rhythm_due_moment_is_filled_in_for_every_contact(transactional_db):
    """contacts 0006 computes next_touch_due for the rows that were there: the contact's
    own rhythm, else the relationship's, from the last touch or the day they were added."""
    before = migrate([("contacts", "0005_register")])
    User = before.get_model("auth", "User")
    Contact_ = before.get_model("contacts", "Contact")
    Rhythm = before.get_model("contacts", "RelationshipRhythm")
    alice = User.objects.create(username="alice-rhythm")
    Rhythm.objects.create(owner=alice, relationship="family", days=14)
    last = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    mum = Contact_.objects.create(
        owner=alice, name="Mum", relationship="family", last_contacted_at=last
    )
    own = Contact_.objects.create(owner=alice, name="Sam", keep_in_touch_days=3)
    none = Contact_.objects.create(owner=alice, name="Ben", relationship="work")

    migrate(head())

    due = dict(Contact.objects.values_list("name", "next_touch_due"))
    assert due["Mum"] == last + timedelta(days=14)
    assert due["Sam"] == Contact.objects.get(pk=own.pk).created_at + timedelta(days=3)
    assert due["Ben"] is None
    assert Contact.objects.count() == 3 and {mum.pk, own.pk, none.pk} == set(
        Contact.objects.values_list("pk", flat=True)
    )


def test_the_facts_of_calls_and_attempts_are_filled_in_for_every_reminder(transactional_db):
    """reminders 0011 stores on each reminder what lists used to compute on every read:
    the latest reason given, how many callbacks failed, and the last failure."""
    before = migrate([("reminders", "0010_rhythm_reminders")])
    User = before.get_model("auth", "User")
    Reminder_ = before.get_model("reminders", "Reminder")
    Call = before.get_model("reminders", "MissedCall")
    Attempt_ = before.get_model("reminders", "Attempt")
    alice = User.objects.create(username="alice-facts")
    t = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    common = {"owner": alice, "opened_at": t, "first_call_at": t, "deadline": t}
    followed = Reminder_.objects.create(number="+4930111", last_call_at=t, **common)
    quiet = Reminder_.objects.create(number="+4930222", last_call_at=t, **common)
    for minutes, reason in ((0, "the price"), (5, "about Sunday"), (9, "")):
        Call.objects.create(
            owner=alice,
            number="+4930111",
            occurred_at=t + timedelta(minutes=minutes),
            reason=reason,
            reminder=followed,
        )
    Call.objects.create(owner=alice, number="+4930222", occurred_at=t, reminder=quiet)
    free = t + timedelta(hours=3)
    Attempt_.objects.create(reminder=followed, at=t, channel="call", outcome="no_answer")
    Attempt_.objects.create(
        reminder=followed,
        at=t + timedelta(hours=1),
        channel="call",
        outcome="voicemail",
        free_from=free,
    )
    Attempt_.objects.create(reminder=followed, at=t, channel="text", outcome="sent")

    migrate(head())

    facts = {
        r.number: (r.latest_reason, r.failed_calls, r.last_failed_at, r.last_failed_free_from)
        for r in Reminder.objects.all()
    }
    assert facts == {
        "+4930111": ("about Sunday", 2, t + timedelta(hours=1), free),
        "+4930222": ("", 0, None, None),
    }
    assert MissedCall.objects.count() == 4
