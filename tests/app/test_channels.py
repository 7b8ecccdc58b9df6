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


@pytest.mark.parametrize("language", ["en", "de"])
def test_where_the_daily_reminder_goes_is_chosen_in_settings(page, owner, language):
    Preferences.objects.filter(user=owner).update(language=language)
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")
    form = page.locator("form[data-form=rhythm]")
    choice = form.get_by_label(words["rhythm.digest_by"])
    expect(choice).to_have_value("push")
    expect(choice.locator("option")).to_have_text(
        [words[f"rhythm.digest_by_{value}"] for value in ("push", "channels", "both")]
    )

    choice.select_option("both")
    form.get_by_role("button", name=words["field.save"]).click()

    expect(page.get_by_text(words["toast.saved"])).to_be_visible()
    assert Preferences.objects.get(user=owner).digest_by == "both"
    page.reload()
    expect(
        page.locator("form[data-form=rhythm]").get_by_label(words["rhythm.digest_by"])
    ).to_have_value("both")
    assert errors == []
