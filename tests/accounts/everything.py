"""One row of every kind a user can own, made through the services (the export and the
account deletion tests take every table into account)."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.services import action_replay_claim, api_token_create
from accounts.users import User
from contacts.dates import YearlyDate
from contacts.models import Contact
from contacts.services import DateInput, contact_create, touch_record
from push.services import push_subscription_save
from reminders.models import Delivery, DeliveryAttempt
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record
from reminders.services.windows import windows_update
from tests.push_receiver import browser_keys
from voicemail.services import voicemail_call_record, voicemail_recording_update


def everything_of(user: User, *, number: str) -> Contact:
    """Contacts with numbers, days and touches, calls (one a voicemail), a reminder with an
    attempt and a push delivery, a token, an idempotent action, a subscribed browser, an
    admin log entry and sign-in records; `number` is the contact's (unique per test)."""
    now = timezone.now()
    contact = contact_create(
        owner=user,
        name=f"Mum of {user.get_username()}",
        relationship="family",
        numbers=[(number, "mobile")],
        email="mum@example.org",
        dates=[DateInput(kind="birthday", yearly=YearlyDate(3, 22, 1950))],
    )
    touch_record(owner=user, contact=contact, channel="meeting")
    windows_update(user=user, windows={"family": timedelta(hours=12)})
    call = missed_call_record(owner=user, contact=contact, reason="Sunday")
    missed_call_record(owner=user, withheld=True)
    # A message left on the Twilio number, with its recording.
    message = voicemail_call_record(owner=user, call_sid=f"CA-{number}", caller=number)
    voicemail_recording_update(
        owner=user,
        call_sid=message.call_sid,
        recording_sid=f"RE-{number}",
        recording_url=f"https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE-{number}",
        status="completed",
        duration=42,
    )
    reminder = call.reminder
    attempt_record(reminder=reminder, channel="call", outcome="no_answer")
    api_token_create(owner=user, name="Tasker")
    action_replay_claim(
        owner=user, key="key-1", path="/api/missed-calls/", request_hash="h", abandoned_before=now
    )
    p256dh, auth = browser_keys()
    subscription = push_subscription_save(
        user=user,
        endpoint=f"https://fcm.googleapis.com/fcm/send/{user.get_username()}",
        p256dh=p256dh,
        auth=auth,
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile",
    )
    delivery = Delivery.objects.create(
        reminder=reminder,
        step_seq=1,
        step="prompt",
        subscription_id=subscription.pk,
        endpoint=subscription.endpoint,
        status="sent",
        tries=1,
        finished_at=now,
    )
    DeliveryAttempt.objects.create(
        delivery=delivery, at=now, outcome="sent", status_code=201, duration_ms=40
    )
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(contact.pk),
        object_repr=contact.name,
        action_flag=ADDITION,
    )
    AccessAttempt.objects.create(
        username=user.get_username(), ip_address="192.0.2.1", failures_since_start=1
    )
    AccessLog.objects.create(username=user.get_username(), ip_address="192.0.2.1")
    return contact
