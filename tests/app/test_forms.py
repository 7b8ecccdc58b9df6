"""Forms at Pixel 7 size: every error at once next to its field, in the user's language,
never raw JSON, gone after a success; no focus outline on a fresh screen; what callers
hear (name, company, away mode) and the voicemail greetings to copy."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.models import Contact
from project.catalogue import app_words
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors

# The text of the error line that belongs to the field labelled so.
FIELD_ERROR = """label => {
  const input = [...document.querySelectorAll("label")].find(l => l.textContent === label).control;
  return document.getElementById(`${input.id}-error`).textContent;
}"""

ERRORS = {
    "en": {
        "name": "This field may not be blank.",
        "email": "Enter a valid email address.",
        "number": "is not a valid phone number",
        "window": "greater than or equal to 1",
    },
    "de": {
        "name": "Dieses Feld darf nicht leer sein.",
        "email": "gültige E-Mail Adresse",
        "number": "ist keine gültige Telefonnummer",
        "window": "größer oder gleich 1",
    },
}


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_contact_form_shows_every_error_at_once(page, owner, language, artifacts):
    Preferences.objects.filter(user=owner).update(language=language)
    words, errors = app_words(language), ERRORS[language]
    problems = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/contacts?new=1")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["contacts.add"])

    page.get_by_label(words["field.number"]).fill("12")
    page.get_by_label(words["field.email"]).fill("nope")
    page.get_by_label(words["field.window"]).fill("0")
    page.get_by_role("button", name=words["field.save"], exact=True).click()

    expect(page.get_by_text(errors["name"])).to_be_visible()
    shown = {
        key: page.evaluate(FIELD_ERROR, words[label])
        for key, label in [
            ("name", "field.name"),
            ("email", "field.email"),
            ("number", "field.number"),
            ("window", "field.window"),
        ]
    }
    for key, text in errors.items():
        assert text in shown[key], (key, shown[key])
    assert page.locator(".form-error").is_hidden()
    assert "{" not in page.locator("main").inner_text()
    shot(page, artifacts, f"contact-errors-{language}")

    page.get_by_label(words["field.name"]).fill("Kai")
    page.get_by_label(words["field.number"]).fill("+49 30 1234567")
    page.get_by_label(words["field.email"]).fill("kai@example.org")
    page.get_by_label(words["field.window"]).fill("")
    page.get_by_role("button", name=words["field.save"], exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kai")
    assert Contact.objects.get().email == "kai@example.org"
    assert problems == []


def test_settings_errors_are_words_next_to_the_field_and_go_after_a_success(page, owner):
    problems = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")

    windows = page.get_by_role("group", name="Callback windows")
    windows.get_by_label("Work", exact=True).fill("999999")
    page.get_by_role("button", name="Save").first.click()

    expect(page.get_by_text("Ensure this value is less than or equal to")).to_be_visible()
    assert "less than or equal to" in page.evaluate(FIELD_ERROR, "Work")
    assert "{" not in page.locator("main").inner_text()

    windows.get_by_label("Work", exact=True).fill("30")
    page.get_by_role("button", name="Save").first.click()

    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_text("Ensure this value is less than or equal to")).to_have_count(0)
    assert Preferences.objects.get(user=owner).user.relationship_windows.exists()
    assert problems == []


def test_a_fresh_screen_draws_no_focus_outline(page, owner):
    sign_in(page.context, "alice", PASSWORD)
    for path in ("/today", "/contacts", "/settings"):
        page.goto(path)
        expect(page.locator("#view")).to_be_focused()
        assert page.locator("#view").evaluate("v => getComputedStyle(v).outlineStyle") == "none"


def test_what_callers_hear_away_mode_and_the_greetings(page, owner, artifacts):
    problems = watch_errors(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")
    back = (timezone.localdate() + timedelta(days=7)).isoformat()

    page.get_by_label("Your name, as callers know you").fill("Alice Berg")
    page.get_by_label("Company (optional)").fill("Berg & Co")
    page.get_by_label("Away until (included)").fill(back)
    page.get_by_label("How else to reach you while away").fill("office@berg.example")
    away = page.locator("form", has=page.get_by_label("Your name, as callers know you"))
    away.get_by_role("button", name="Save").click()

    business = page.get_by_label("For business")
    expect(business).to_have_value(re.compile("Alice Berg"))
    expect(business).to_have_value(re.compile("office@berg.example"))
    expect(page.get_by_label("For friends and family")).to_have_value(re.compile("Alice"))
    preferences = Preferences.objects.get(user=owner)
    assert (preferences.display_name, preferences.company) == ("Alice Berg", "Berg & Co")
    assert preferences.away_until.isoformat() == back
    page.get_by_role("button", name="Copy").first.click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert "Alice Berg" in page.evaluate("navigator.clipboard.readText()")
    page.get_by_role("heading", name="Voicemail greetings").scroll_into_view_if_needed()
    shot(page, artifacts, "settings-away")
    assert problems == []
