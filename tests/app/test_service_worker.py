import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Contact
from contacts.services import contact_create
from reminders.dispatch.payload import StepContext, payload_bytes
from reminders.services.calls import missed_call_record
from tests.app.browser import ask_worker, deliver_push, notifications, wait_for_cached


@pytest.fixture
def reminder(owner):
    mum = contact_create(
        owner=owner, name="Mum", relationship="family", numbers=[("+4930123456", "home")]
    )
    return missed_call_record(owner=owner, contact=mum, reason="about Sunday").reminder


def engine_payload(reminder, step: str = "prompt") -> str:
    """The push message exactly as the engine sends it for this reminder step."""
    context = StepContext(step=step, now=timezone.now(), language="en")
    return payload_bytes(reminder, context).decode()


def test_the_service_worker_registers_and_controls_the_page(app_page):
    scope = app_page.evaluate("async () => (await navigator.serviceWorker.ready).scope")

    assert scope == app_page.evaluate("location.origin + '/'")
    assert app_page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


def test_the_app_opens_offline_from_the_cached_shell(app_page):
    wait_for_cached(app_page, "/api/reminders/")
    context = app_page.context
    context.set_offline(True)
    try:
        app_page.reload()
        heading = app_page.get_by_role("heading", level=1).text_content()
        tabs = app_page.locator("nav#tabs a").count()
    finally:
        context.set_offline(False)

    assert app_page.title() == "Ringback"
    assert heading == "Today"
    assert tabs == 4


def test_a_push_from_the_engine_shows_the_reminder_with_call_and_text(app_page, reminder):
    sent = json.loads(engine_payload(reminder))

    shown = deliver_push(app_page, engine_payload(reminder))

    assert len(shown) == 1
    notification = shown[0]
    assert notification["title"] == sent["title"] == "Call back Mum"
    assert notification["body"] == sent["body"]
    assert "“about Sunday”" in notification["body"]
    assert notification["tag"] == f"reminder-{reminder.id}"
    assert notification["actions"] == [
        {"action": "call", "title": sent["actions"][0]["title"]},
        {"action": "text", "title": sent["actions"][1]["title"]},
    ]
    assert notification["icon"].endswith("/static/icons/icon-192.png")
    assert notification["badge"].endswith("/static/icons/badge-96.png")
    assert notification["renotify"] is True
    assert notification["requireInteraction"] is False
    assert notification["data"]["url"] == f"/reminders/{reminder.id}"


def test_a_final_warning_stays_until_the_user_acts(app_page, reminder):
    shown = deliver_push(app_page, engine_payload(reminder, step="final"))

    assert shown[0]["requireInteraction"] is True


def test_a_push_without_a_payload_still_says_someone_is_waiting(app_page):
    shown = deliver_push(app_page, "")

    assert shown[0]["title"] == "Ringback"
    assert shown[0]["body"] == "Someone is waiting for your call back."
    assert shown[0]["actions"] == []
    assert shown[0]["data"]["url"] == "/today"


def test_a_push_with_a_malformed_payload_drops_what_it_cannot_trust(app_page):
    payload = {
        "title": 7,
        "tag": "reminder-5",
        "url": "https://elsewhere.example/phish",
        "actions": [{"action": "call", "url": "javascript:alert(1)"}, {"action": "x"}],
    }

    shown = deliver_push(app_page, json.dumps(payload))

    assert shown[0]["title"] == "Ringback"
    assert shown[0]["tag"] == "reminder-5"
    assert shown[0]["actions"] == []
    assert shown[0]["data"]["url"] == "/today"


def test_the_call_action_opens_the_dialler(app_page, reminder):
    deliver_push(app_page, engine_payload(reminder))

    report = ask_worker(
        app_page, {"type": "notification-click", "tag": f"reminder-{reminder.id}", "action": "call"}
    )

    assert report["target"] == "tel:+4930123456"


def test_the_text_action_opens_the_messenger_with_the_suggested_text(app_page, reminder):
    deliver_push(app_page, engine_payload(reminder))

    report = ask_worker(
        app_page, {"type": "notification-click", "tag": f"reminder-{reminder.id}", "action": "text"}
    )

    assert report["target"].startswith("sms:+4930123456?&body=Hi%20Mum%2C%20sorry")


def test_a_whatsapp_text_action_opens_wa_me_with_the_suggested_text(app_page, reminder):
    Contact.objects.filter(pk=reminder.contact_id).update(text_channel="whatsapp")
    reminder.refresh_from_db()
    shown = deliver_push(app_page, engine_payload(reminder))
    assert [a["action"] for a in shown[0]["actions"]] == ["call", "text"]

    report = ask_worker(
        app_page, {"type": "notification-click", "tag": f"reminder-{reminder.id}", "action": "text"}
    )

    assert report["target"].startswith("https://wa.me/4930123456?text=Hi%20Mum%2C%20sorry")


def test_a_signal_text_action_opens_the_text_sheet_that_copies_the_text(app_page, reminder):
    Contact.objects.filter(pk=reminder.contact_id).update(text_channel="signal")
    reminder.refresh_from_db()
    deliver_push(app_page, engine_payload(reminder))

    report = ask_worker(
        app_page, {"type": "notification-click", "tag": f"reminder-{reminder.id}", "action": "text"}
    )

    # A worker cannot write to the clipboard: the app's sheet does, then opens Signal.
    assert report["target"] == f"/reminders/{reminder.id}?text=1"
    sheet = app_page.locator("dialog.text-sheet")
    expect(sheet).to_contain_text("Signal")
    assert sheet.locator("textarea").input_value().startswith("Hi Mum, sorry")


def test_a_click_on_the_notification_opens_the_reminder_in_the_open_window(app_page, reminder):
    deliver_push(app_page, engine_payload(reminder))

    report = ask_worker(app_page, {"type": "notification-click", "tag": f"reminder-{reminder.id}"})

    assert report == {"action": "", "target": f"/reminders/{reminder.id}", "opened": "focused"}
    app_page.wait_for_url(f"**/reminders/{reminder.id}")
    expect(app_page.get_by_role("heading", level=1)).to_have_text("Mum")
    expect(app_page.get_by_text("“about Sunday”")).to_be_visible()


def test_shown_notifications_can_be_read_back(app_page):
    assert notifications(app_page) == []


@pytest.mark.parametrize(
    "url",
    [
        "/\\evil.example/x",  # the browser reads a backslash as a slash: another host
        "/\\\\evil.example/x",
        "/%2F%2Fevil.example",
        "/admin/",
        "/today/../admin/",
    ],
)
def test_a_push_cannot_send_a_click_to_another_site_or_outside_the_app(app_page, url):
    payload = {"title": "Call back", "tag": "reminder-9", "url": url}

    shown = deliver_push(app_page, json.dumps(payload))
    report = ask_worker(app_page, {"type": "notification-click", "tag": "reminder-9"})

    assert shown[0]["data"]["url"] == "/today"
    assert report == {"action": "", "target": "/today", "opened": "focused"}


def test_a_push_for_a_page_of_the_app_still_opens_it(app_page):
    payload = {"title": "Call back", "tag": "reminder-9", "url": "/contacts/3"}

    shown = deliver_push(app_page, json.dumps(payload))
    report = ask_worker(app_page, {"type": "notification-click", "tag": "reminder-9"})

    assert shown[0]["data"]["url"] == "/contacts/3"
    assert report["target"] == "/contacts/3"
