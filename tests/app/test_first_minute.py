"""Language and time zone right from the first minute: setup on a German phone in Berlin
makes a German account in Berlin; an account made in the admin (UTC, English) is asked
once at its first sign-in, with the phone's zone and language preselected."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from project.catalogue import app_words
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors
from tests.factories import PreferencesFactory, UserFactory


@pytest.fixture
def phone_in(browser, browser_context_args):
    """A page on a phone set to a language and a zone of its own."""
    contexts = []

    def open_page(locale: str, zone: str):
        context = browser.new_context(**browser_context_args, locale=locale, timezone_id=zone)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_setup_on_a_german_phone_makes_a_german_account_in_berlin(
    phone_in, transactional_db, artifacts
):
    page = phone_in("de-DE", "Europe/Berlin")
    words = app_words("de")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    page.get_by_label(words["login.username"]).fill("owner")
    page.get_by_label(words["login.password"], exact=True).fill("a long sentence of words")
    page.get_by_label(words["setup.password2"]).fill("a long sentence of words")
    page.get_by_role("button", name=words["setup.submit"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["nav.today"])
    preferences = Preferences.objects.get()
    assert (preferences.language, preferences.time_zone) == ("de", "Europe/Berlin")
    assert preferences.phone_region == "DE"


@pytest.mark.parametrize(
    ("locale", "zone", "language"),
    [("en-US", "America/New_York", "en"), ("de-DE", "Europe/Berlin", "de")],
)
def test_an_account_made_in_the_admin_is_asked_once_at_its_first_sign_in(
    phone_in, transactional_db, locale, zone, language, artifacts
):
    user = UserFactory(username="bob", password=PASSWORD)
    PreferencesFactory(user=user, time_zone="UTC", language="en", locale_confirmed=False)
    page = phone_in(locale, zone)
    errors = watch_errors(page)
    words = app_words(language)
    sign_in(page.context, "bob", PASSWORD)
    page.goto("/today")

    expect(page.get_by_role("heading", level=1)).to_have_text(words["welcome.title"])
    expect(page.locator("select[name=time_zone]")).to_have_value(zone)
    expect(page.locator("select[name=language]")).to_have_value(language)
    shot(page, artifacts, f"welcome-{language}")
    page.get_by_role("button", name=words["welcome.confirm"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["nav.today"])
    preferences = Preferences.objects.get(user=user)
    assert (preferences.language, preferences.time_zone) == (language, zone)
    assert preferences.locale_confirmed is True
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["nav.today"])
    assert errors == []


def test_the_time_zone_is_found_by_city_or_country(page, owner):
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")
    search = page.get_by_role("searchbox", name="Search by city or country").first

    search.fill("kolkata")

    expect(page.locator("select[name=time_zone]")).to_have_value("Asia/Kolkata")
    zones = page.locator("select[name=time_zone] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert "Asia/Calcutta" not in zones
    assert "Europe/Kiev" not in zones
    search.fill("Germany")
    expect(page.locator("select[name=time_zone]")).to_have_value("Europe/Berlin")
    page.locator("select[name=phone_region]").select_option("US")
    expect(page.get_by_text("(201) 555-0123")).to_be_visible()
