"""Settings' time zone: the phone's own zone is named as a place ("Berlin · Germany"), and
when the browser only says UTC (or Etc/…), there is no "detected" line at all — in
English and in German."""

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from project.catalogue import app_words
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD

PLACE = {"en": "Berlin · Germany", "de": "Berlin · Deutschland"}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("phone_zone", ["UTC", "Etc/GMT-3", "Europe/Berlin"])
def test_the_detected_zone_is_a_place_or_not_said(
    browser, browser_context_args, owner, language, phone_zone
):
    Preferences.objects.filter(user=owner).update(language=language)
    words = app_words(language)
    context = browser.new_context(**browser_context_args, timezone_id=phone_zone)
    try:
        page = context.new_page()
        sign_in(context, "alice", PASSWORD)
        page.goto("/settings")
        zone = page.locator(".field", has=page.locator('select[name="time_zone"]'))
        expect(zone.locator("label")).to_have_text(words["settings.time_zone"])
        hint = zone.locator(".hint")
        if phone_zone == "Europe/Berlin":
            expect(hint).to_have_text(words["settings.detected"].format(zone=PLACE[language]))
        else:
            expect(hint).to_have_count(0)
    finally:
        context.close()
