"""reminders 0014 and voicemail 0001 keep every missed call and reminder, and the hook
secret made before them answers the new voice URL."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reminders.models import MissedCall, Reminder, Source
from tests.voicemail import twilio
from voicemail.models import Voicemail

BEFORE = [("reminders", "0013_receipts"), ("voicemail", None)]
CALLED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def migrate(targets) -> Apps:
    state = MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


@pytest.fixture
def before_voicemail(transactional_db) -> Iterator[Apps]:
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_call_and_reminder_is_kept_and_the_old_hook_answers_calls(before_voicemail, settings):
    User = before_voicemail.get_model("auth", "User")
    OldHook = before_voicemail.get_model("accounts", "TelephonyHook")
    OldReminder = before_voicemail.get_model("reminders", "Reminder")
    OldCall = before_voicemail.get_model("reminders", "MissedCall")
    alice = User.objects.create(username="alice", password="!")
    OldHook.objects.create(owner=alice, secret="hook-of-alice")
    reminder = OldReminder.objects.create(
        owner=alice,
        number="+4930123456",
        kind="identify",
        opened_at=CALLED,
        first_call_at=CALLED,
        last_call_at=CALLED,
        deadline=CALLED + timedelta(hours=24),
        call_count=2,
    )
    for source, reason in (("webhook", ""), ("manual", "About Sunday")):
        OldCall.objects.create(
            owner=alice,
            number="+4930123456",
            occurred_at=CALLED,
            source=source,
            reason=reason,
            reminder=reminder,
        )
    OldCall.objects.create(owner=alice, withheld=True, occurred_at=CALLED, source="api")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    calls = MissedCall.objects.order_by("id")
    assert [(c.source, c.reason, c.withheld) for c in calls] == [
        (Source.WEBHOOK, "", False),
        (Source.MANUAL, "About Sunday", False),
        (Source.API, "", True),
    ]
    assert Reminder.objects.get().call_count == 2
    assert not Voicemail.objects.exists()
    settings.TWILIO_AUTH_TOKEN = twilio.AUTH_TOKEN
    answer = twilio.post("/api/webhooks/twilio/hook-of-alice/voice/", twilio.voice("+4930123456"))
    assert answer.status_code == 200
    message = Voicemail.objects.get()
    assert message.missed_call.source == Source.VOICEMAIL
    # The same caller: joined to the reminder made before the upgrade.
    assert message.missed_call.reminder_id == Reminder.objects.get().pk
    assert Reminder.objects.get().call_count == 3
