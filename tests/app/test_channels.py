"""Settings: add an e-mail channel, see only its hint, see a 400 next to the field."""

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from project.catalogue import app_words
from reach.models import Channel
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import watch_errors


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_channel_is_added_in_settings_and_its_secret_is_not_shown(page, owner, language):
    Preferences.objects.filter(user=owner).update(language=language)
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")
    section = page.locator("#channels")
    expect(section.get_by_role("heading")).to_have_text(words["channels.title"])

    section.get_by_label(words["channels.name"]).fill("Mail")
    section.get_by_label(words["channels.url"]).fill("nonsense://x")
    section.get_by_role("button", name=words["channels.add"]).click()
    expect(section.locator(".field-error:not([hidden])")).to_have_count(1)

    url = "mailtos://alice:hunter2@mail.example.com?to=alice@example.com"
    section.get_by_label(words["channels.url"]).fill(url)
    section.get_by_role("button", name=words["channels.add"]).click()

    row = section.locator("li[data-channel]")
    expect(row).to_contain_text("mailtos://mail.example.com/…")
    expect(row).to_contain_text(words["channels.unused"])
    assert "hunter2" not in page.content()
    assert Channel.objects.get().name == "Mail"
    assert errors == []
