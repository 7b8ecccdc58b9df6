"""The admin in German, walked in Chromium as its owner sees it: every registered model's
list, a record's page and the add form, the index and each app's page show no English
word of the admin (a model, field, choice, column, filter or action name), no English
sentence, and no JavaScript value leaking as text."""

import contextlib
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.members import MEMBERS_GROUP
from accounts.services import preferences_update
from contacts.services import contact_create
from push.services import push_subscription_save
from reach.models import Channel, ChannelMessage, MessageKind
from reminders.models import Delivery, DeliveryAttempt, RelationshipWindow, Source
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record
from sources.models import Source as AddressSource
from sources.models import SourceKind
from tests.admin_words import english_patterns
from tests.app.browser import sign_in
from tests.app.walk import LEAKS, VISIBLE_TEXTS
from tests.factories import PreferencesFactory, UserFactory
from tests.push_receiver import browser_keys
from voicemail.models import RecordingStatus, Voicemail

PASSWORD = "correct horse battery"

# Words that make an English sentence, and that German does not use.
ENGLISH_GLUE = re.compile(
    r"\b(the|and|of|your|you|with|this|these|selected|from|which|please)\b", re.IGNORECASE
)


@pytest.fixture
def root(transactional_db):
    """A German superuser with a record in every model the admin shows."""
    user = UserFactory(username="wurzel", password=PASSWORD, is_staff=True, is_superuser=True)
    PreferencesFactory(user=user, time_zone="Europe/Berlin", phone_region="DE")
    preferences_update(user=user, language="de")
    anna = contact_create(
        owner=user, name="Anna Schmidt", relationship="family", numbers=[("+49301234567", "")]
    )
    RelationshipWindow.objects.create(owner=user, relationship="work", window=timedelta(hours=2))
    call = missed_call_record(owner=user, contact=anna, reason="wegen Sonntag")
    attempt_record(reminder=call.reminder, channel="call", outcome="no_answer")
    unknown = missed_call_record(owner=user, number="+49301112233", source=Source.API)
    p256dh, auth = browser_keys()
    subscription = push_subscription_save(
        user=user,
        endpoint="https://fcm.googleapis.com/fcm/send/wurzel",
        p256dh=p256dh,
        auth=auth,
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 7) Chrome/131.0 Mobile Safari/537.36",
    )
    delivery = Delivery.objects.create(
        reminder=unknown.reminder,
        step_seq=unknown.reminder.step_seq,
        step="identify",
        subscription=subscription,
        endpoint=subscription.endpoint,
        status="sent",
    )
    DeliveryAttempt.objects.create(
        delivery=delivery, at=timezone.now(), outcome="sent", status_code=201, duration_ms=40
    )
    channel = Channel.objects.create(
        owner=user, name="Mein ntfy", url_sealed="-", url_hint="ntfy://ntfy.example.org"
    )
    ChannelMessage.objects.create(
        channel=channel,
        kind=MessageKind.FALLBACK,
        reminder=call.reminder,
        step_seq=1,
        title="Anna zurückrufen",
        body="Anna hat angerufen.",
        next_try_at=timezone.now(),
    )
    AddressSource.objects.create(
        owner=user,
        kind=SourceKind.CARDDAV,
        url="https://dav.example.org/",
        username="wurzel",
        sealed_password="-",
    )
    Voicemail.objects.create(
        owner=user,
        missed_call=unknown,
        call_sid="CA0123",
        caller="+49301112233",
        recording_status=RecordingStatus.COMPLETED,
        duration=12,
        transcript="Hallo, hier ist Max.",
    )
    AccessAttempt.objects.create(
        username="wurzel", ip_address="192.0.2.1", user_agent="curl", failures_since_start=2
    )
    return user


def _pages(user) -> list[str]:
    """The admin's index, each app's page, and each model's list, first record and add
    form (where the admin offers one)."""
    pages = [reverse("admin:index")]
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        app_page = reverse("admin:app_list", kwargs={"app_label": opts.app_label})
        if app_page not in pages:
            pages.append(app_page)
        pages.append(reverse(f"{prefix}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{prefix}_change", args=[first.pk]))
        with contextlib.suppress(NoReverseMatch):  # no add form for this model
            pages.append(reverse(f"{prefix}_add"))
    return pages


def _english_on(texts: list[str], patterns) -> list[str]:
    found = []
    for text in texts:
        if "://" in text or "@" in text:
            continue  # an address, written as it is
        # The members' group is a stored name, the one the README tells to use.
        text = text.replace(MEMBERS_GROUP, "")
        found += [
            f"{english!r} in {text[:80]!r}" for english, pattern in patterns if pattern.search(text)
        ]
        if ENGLISH_GLUE.search(text):
            found.append(f"English: {text[:80]!r}")
        if LEAKS.search(text) or re.search(r"\bNone\b", text):
            found.append(f"leak: {text[:80]!r}")
    return found


def test_no_page_of_the_admin_in_german_shows_english(browser, browser_context_args, root):
    context = browser.new_context(**{**browser_context_args, "locale": "de-DE"})
    sign_in(context, root.username, PASSWORD)
    # Turned on after signing in: the sign-in would ask for its code.
    TOTPDevice.objects.create(user=root, name="default", confirmed=True)
    page = context.new_page()
    patterns = english_patterns()
    pages = _pages(root)
    shown: dict[str, list[str]] = {}

    for path in pages:
        response = page.goto(path)
        if path.endswith("/add/") and response is not None and response.status == 403:
            continue  # nobody adds these by hand
        assert response is not None and response.status == 200, (path, response)
        assert page.url.endswith(path), f"{path} went to {page.url}"
        shown[path] = _english_on(page.evaluate(VISIBLE_TEXTS), patterns)
    context.close()

    assert len(shown) > 30  # it walked the admin, not a sign-in page
    assert {path: found for path, found in shown.items() if found} == {}
