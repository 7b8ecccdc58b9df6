"""Settings shows the phones that get reminders, and says which one went silent."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Preferences
from project.catalogue import app_words
from push.models import Subscription
from push.services import push_subscription_save, push_subscriptions_sent
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import watch_errors
from tests.push_receiver import browser_keys


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_silent_phone_is_named_in_settings(page, owner, language):
    Preferences.objects.filter(user=owner).update(language=language)
    words = app_words(language)
    errors = watch_errors(page)
    p256dh, auth = browser_keys()
    quiet = push_subscription_save(
        user=owner, endpoint="https://fcm.googleapis.com/fcm/send/old", p256dh=p256dh,
        auth=auth, user_agent="Mozilla/5.0 (iPhone) Safari/605.1",
    )  # fmt: skip
    push_subscriptions_sent(counts={quiet.pk: 4}, at=timezone.now() - timedelta(days=4))
    sign_in(page.context, "alice", PASSWORD)

    page.goto("/settings")

    devices = page.locator("#devices")
    expect(devices.get_by_role("heading")).to_have_text(words["devices.title"])
    row = devices.locator("li.silent")
    expect(row).to_contain_text(words["devices.other"].format(browser="safari"))
    expect(row).to_contain_text(words["devices.silent"].split("{time}")[0].strip())
    row.get_by_role("button", name=words["devices.remove"]).click()
    expect(devices).to_be_hidden()
    assert not Subscription.objects.exists()
    assert errors == []
