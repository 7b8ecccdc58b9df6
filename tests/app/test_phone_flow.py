"""The app end to end against the live server, at Pixel 7 size, with a screenshot of
each screen in test-artifacts/."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.idempotency import request_fingerprint
from accounts.models import ActionReplay, Preferences
from contacts.services import contact_create
from project import pwa
from reminders.models import MissedCall, Reminder, ReminderState
from reminders.services.calls import missed_call_record
from tests.app.browser import ask_worker, sign_in, wait_for_cached, wait_for_control
from tests.app.conftest import PASSWORD


@pytest.fixture
def mum(owner):
    return contact_create(
        owner=owner,
        name="Mum",
        relationship="family",
        numbers=[("+4930123456", "home")],
        starred=True,
    )


CACHED_TODAY = """async () => {
  const cache = await caches.open("ringback-data");
  return Boolean(await cache.match("/api/reminders/", {ignoreVary: true}));
}"""


def watch_errors(page: Page) -> list[str]:
    """Script errors and Content Security Policy refusals the page runs into."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and errors.append(message.text)
        ),
    )
    return errors


def shot(page: Page, artifacts, name: str) -> None:
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)


def test_log_in_log_a_missed_call_see_it_on_today_mark_it_done(page, owner, mum, artifacts):
    errors = watch_errors(page)
    page.goto("/today")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Ftoday$"))
    shot(page, artifacts, "login")
    page.get_by_label("User name").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_text("Nobody is waiting for a call back.")).to_be_visible()
    shot(page, artifacts, "today-empty")

    # Three taps: the Log tab, the (starred) contact, the button.
    page.get_by_role("link", name="Log call").click()
    page.get_by_role("button", name="Mum").click()
    page.get_by_label("Why did they call? (optional)").fill("about Sunday")
    shot(page, artifacts, "log")
    page.get_by_role("button", name="Log the missed call").click()

    expect(page).to_have_url(re.compile(r"/today$"))
    card = page.locator(".card", has_text="Mum")
    expect(card).to_be_visible()
    expect(card.get_by_text("“about Sunday”")).to_be_visible()
    expect(card.locator(".left")).to_have_text(re.compile(r"^23 h \d\d min left$"))
    expect(card.get_by_role("link", name="Call")).to_have_attribute("href", "tel:+4930123456")
    shot(page, artifacts, "today")
    reminder = Reminder.objects.get(owner=owner)
    assert reminder.contact == mum
    assert MissedCall.objects.get().reason == "about Sunday"

    card.get_by_role("button", name="Done").click()

    expect(page.locator(".card", has_text="Mum")).to_have_count(0)
    expect(page.get_by_text("Nobody is waiting for a call back.")).to_be_visible()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.DONE
    assert errors == []


def test_a_call_from_a_withheld_number_is_logged_without_a_reminder(page, owner):
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/log")

    page.get_by_role("button", name="Withheld number").click()
    page.get_by_label("Why did they call? (optional)").fill("silence")
    page.get_by_role("button", name="Log the missed call").click()

    expect(page.get_by_text("Call from a withheld number logged.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/today$"))
    call = MissedCall.objects.get()
    assert (call.withheld, call.number, call.reason, call.reminder) == (True, "", "silence", None)
    assert not Reminder.objects.exists()
    assert errors == []


def test_every_screen_renders_at_phone_size(page, owner, mum, artifacts):
    errors = watch_errors(page)
    reminder = missed_call_record(owner=owner, contact=mum, reason="about Sunday").reminder
    sign_in(page.context, "alice", PASSWORD)

    # Each screen, its heading, and a text that shows once it has loaded.
    screens = {
        "reminder": (f"/reminders/{reminder.id}", "Mum", "“about Sunday”"),
        "contacts": ("/contacts", "Contacts", "Mum"),
        "contact": (f"/contacts/{mum.id}", "Mum", "Missed call — “about Sunday”"),
        "contact-new": ("/contacts?new=1", "Add a contact", "Preferred channel"),
        "settings": ("/settings", "Settings", "Log out"),
    }
    for name, (path, heading, loaded) in screens.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_text(loaded).first).to_be_visible()
        shot(page, artifacts, name)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the settings screen scrolls sideways"
    assert errors == []


def test_the_first_visit_creates_the_owner_account(page, transactional_db, artifacts):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    shot(page, artifacts, "setup")

    page.get_by_label("User name").fill("owner")
    page.get_by_label("Password", exact=True).fill("a long sentence of words")
    page.get_by_label("Password again").fill("a long sentence of words")
    page.get_by_role("button", name="Create the account").click()

    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_text("Nobody is waiting for a call back.")).to_be_visible()


def test_offline_the_last_today_list_shows_and_actions_reach_the_server_once(app_page, owner, mum):
    reminder = missed_call_record(owner=owner, contact=mum, reason="about Sunday").reminder
    app_page.reload()
    expect(app_page.locator(".card", has_text="Mum")).to_be_visible()
    wait_for_cached(app_page, "/api/reminders/")
    context = app_page.context

    context.set_offline(True)
    app_page.reload()
    expect(app_page.locator(".card", has_text="Mum")).to_be_visible()
    expect(app_page.get_by_text("Offline — this is the list as last loaded.")).to_be_visible()

    app_page.locator(".card", has_text="Mum").get_by_role("button", name="Done").click()
    expect(app_page.get_by_text("Saved on the phone")).to_be_visible()
    expect(app_page.locator(".card", has_text="Mum")).to_have_count(0)
    app_page.get_by_role("link", name="Log call").click()
    app_page.get_by_label("Who called? Name or number").fill("+4930123456")
    app_page.get_by_role("button", name="Use the number +4930123456").click()
    app_page.get_by_role("button", name="Log the missed call").click()
    expect(app_page.get_by_text("Saved on the phone")).to_be_visible()

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN, "sent while offline"
    assert MissedCall.objects.count() == 1
    assert ask_worker(app_page, {"type": "outbox"}) == {"count": 2}

    context.set_offline(False)
    # "2 actions waiting to be sent." (one action, several: the catalogue's plural forms)
    expect(app_page.get_by_text("waiting to be sent")).to_have_count(0)
    # Asked again (a second tab, a sync event): nothing is sent twice.
    assert ask_worker(app_page, {"type": "replay"})["count"] == 0

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.DONE
    assert MissedCall.objects.count() == 2
    assert Reminder.objects.filter(owner=owner, state=ReminderState.OPEN).count() == 1


OUTBOX = """async () => new Promise((resolve, reject) => {
  const opened = indexedDB.open("ringback", 1);
  opened.onerror = () => reject(opened.error);
  opened.onsuccess = () => {
    const all = opened.result.transaction("outbox").objectStore("outbox").getAll();
    all.onsuccess = () => resolve(all.result);
  };
})"""


def test_an_offline_action_still_running_on_the_server_stays_in_the_outbox(app_page, owner, mum):
    reminder = missed_call_record(owner=owner, contact=mum).reminder
    app_page.reload()
    wait_for_cached(app_page, "/api/reminders/")
    app_page.context.set_offline(True)
    app_page.locator(".card", has_text="Mum").get_by_role("button", name="Done").click()
    expect(app_page.get_by_text("Saved on the phone")).to_be_visible()
    [entry] = app_page.evaluate(OUTBOX)
    # The same request, sent before the phone went offline, is still inside the action.
    path = urlsplit(entry["url"]).path
    sent = APIRequestFactory().post(path, entry["body"], content_type="application/json")
    claim = ActionReplay.objects.create(
        owner=owner,
        key=entry["key"],
        path=path,
        request_hash=request_fingerprint(Request(sent, parsers=[JSONParser()])),
    )

    app_page.context.set_offline(False)
    while_running = ask_worker(app_page, {"type": "replay"})
    claim.delete()
    after = ask_worker(app_page, {"type": "replay"})

    assert while_running == {"sent": 0, "rejected": 0, "count": 1}
    # (Sent by this replay, or by the one the page starts when it is back online.)
    assert (after["rejected"], after["count"]) == (0, 0)
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.DONE


def test_a_new_release_replaces_the_cached_shell(app_page, monkeypatch):
    app_page.reload()  # a visit under the released worker, as on any later day
    old_version = pwa.shell_version()
    release = pwa.shell_html().replace("<title>", '<meta name="release" content="2"><title>')
    monkeypatch.setattr(pwa, "shell_html", lambda: release)

    app_page.evaluate("async () => (await navigator.serviceWorker.ready).update()")

    # The new worker takes over and the page reloads into the new shell by itself.
    expect(app_page.locator('meta[name="release"]')).to_have_count(1)
    wait_for_control(app_page)
    caches = app_page.evaluate("caches.keys()")
    assert [name for name in caches if name.startswith("ringback-shell-")] == [
        f"ringback-shell-{pwa.shell_version()}"
    ]
    assert pwa.shell_version() != old_version


def test_the_app_speaks_the_users_language(page, owner):
    Preferences.objects.filter(user=owner).update(language="de")
    sign_in(page.context, "alice", PASSWORD)

    page.goto("/today")

    expect(page.get_by_role("heading", level=1)).to_have_text("Heute")
    expect(page.get_by_text("Niemand wartet auf deinen Rückruf.")).to_be_visible()
    expect(page.get_by_role("link", name="Einstellungen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")


def test_logging_out_leaves_nothing_of_the_account_on_the_phone(app_page):
    wait_for_cached(app_page, "/api/reminders/")
    app_page.get_by_role("link", name="Settings").click()

    app_page.get_by_role("button", name="Log out").click()

    expect(app_page).to_have_url(re.compile(r"/login$"))
    assert app_page.evaluate(CACHED_TODAY) is False
    assert ask_worker(app_page, {"type": "outbox"}) == {"count": 0}
    session = app_page.context.request.get("/api/auth/session/").json()
    assert session["authenticated"] is False
