"""A German user's phone is German throughout: every screen, the server's errors (though
the browser asks for English), offline, and the service worker's own notifications."""

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.services import contact_create
from project.catalogue import app_words
from reminders.services.calls import missed_call_record
from tests.app.browser import deliver_push, sign_in, wait_for_cached
from tests.app.conftest import PASSWORD

# Every text node and every placeholder, label and title the screen shows.
SHOWN_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.textContent.trim());
  for (const element of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    for (const name of ["placeholder", "aria-label", "title"]) {
      texts.push(element.getAttribute(name) || "");
    }
  }
  return texts.filter(Boolean);
}"""

# The language the service worker keeps (it waits up to 5 s for the expected one).
STORED_LANGUAGE = """async (expected) => {
  for (let i = 0; i < 100; i++) {
    const db = await new Promise((resolve) => {
      const request = indexedDB.open("ringback");
      request.onsuccess = () => resolve(request.result);
    });
    const language = await new Promise((resolve) => {
      const read = db.transaction("meta").objectStore("meta").get("language");
      read.onsuccess = () => resolve(read.result);
    });
    db.close();
    if (language === expected || i === 99) return language;
    await new Promise((r) => setTimeout(r, 50));
  }
}"""


def english_only() -> set[str]:
    """The app's English words that German says differently."""
    english, german = app_words("en"), app_words("de")
    return {
        text
        for key, text in english.items()
        if isinstance(text, str) and "{" not in text and text != german[key]
    }


@pytest.fixture
def german(owner):
    Preferences.objects.filter(user=owner).update(language="de")
    return owner


@pytest.fixture
def mum(german):
    return contact_create(
        owner=german, name="Mum", relationship="family", numbers=[("+4930123456", "home")]
    )


def test_every_screen_of_a_german_user_is_german(page, german, mum):
    reminder = missed_call_record(owner=german, contact=mum, reason="about Sunday").reminder
    sign_in(page.context, "alice", PASSWORD)
    assert page.evaluate("navigator.language") == "en-US"  # the phone itself is English

    screens = [
        ("/today", "Heute", "Mum"),
        (f"/reminders/{reminder.id}", "Mum", "Erledigt"),
        ("/log", "Verpassten Anruf erfassen", "Worum ging es? (optional)"),
        ("/contacts", "Kontakte", "Mum"),
        (f"/contacts/{mum.id}", "Mum", "Verlauf"),
        ("/contacts?new=1", "Kontakt hinzufügen", "Bevorzugter Weg"),
        ("/settings", "Einstellungen", "Abmelden"),
    ]
    english = english_only()
    for path, heading, loaded in screens:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_text(loaded).first).to_be_visible()
        assert sorted(set(page.evaluate(SHOWN_TEXTS)) & english) == [], path


def test_a_german_user_sees_the_servers_errors_in_german(page, german):
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/contacts?new=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt hinzufügen")

    page.get_by_label("Telefonnummer").fill("12")
    page.get_by_role("button", name="Speichern").click()

    # The browser asks for English (Accept-Language: en-US); the user's choice wins.
    expect(page.get_by_text("Dieses Feld darf nicht leer sein.")).to_be_visible()


def test_a_german_user_opens_the_app_offline_in_german(app_page, german):
    app_page.reload()
    expect(app_page.get_by_role("heading", level=1)).to_have_text("Heute")
    wait_for_cached(app_page, "/api/me/")
    context = app_page.context
    context.set_offline(True)
    try:
        app_page.reload()
        heading = app_page.get_by_role("heading", level=1).text_content()
        tabs = app_page.locator("nav#tabs a").all_text_contents()
    finally:
        context.set_offline(False)

    assert heading == "Heute"
    assert [tab.strip("◷+☺⚙ ") for tab in tabs] == [
        "Heute",
        "Anruf erfassen",
        "Kontakte",
        "Einstellungen",
    ]


def test_a_push_without_words_speaks_the_users_language(app_page, german):
    app_page.reload()  # the app tells its service worker the user's language
    assert app_page.evaluate(STORED_LANGUAGE, "de") == "de"

    shown = deliver_push(app_page, "")

    assert shown[0]["body"] == "Jemand wartet auf deinen Rückruf."


def test_the_app_picks_the_plural_form_by_the_count(app_page):
    waiting = app_page.evaluate(
        """async () => {
          const i18n = await import("/static/app/i18n.js");
          i18n.setLanguage("de");
          return [0, 1, 2].map((count) => i18n.t("today.waiting", { count }));
        }"""
    )

    assert waiting == [
        "0 Aktionen warten aufs Senden.",
        "1 Aktion wartet aufs Senden.",
        "2 Aktionen warten aufs Senden.",
    ]
