"""The first run at Pixel 7 size, in English and German: a new account's Today guides
through contacts, notifications and an automation, each step ticked once done."""

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from accounts.services import api_token_create
from contacts.services import contact_create
from project.catalogue import app_words
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_new_account_is_guided_and_each_step_ticked(page, owner, language, artifacts):
    Preferences.objects.filter(user=owner).update(language=language)
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")

    guide = page.locator(".firstrun")
    expect(guide.get_by_role("heading", name=words["firstrun.title"])).to_be_visible()
    steps = guide.locator(".step")
    expect(steps).to_have_count(3)
    expect(guide.locator(".step[data-done=true]")).to_have_count(0)
    link = guide.get_by_role("link", name=words["firstrun.contacts_go"])
    expect(link).to_have_attribute("href", "/settings")
    expect(guide.get_by_role("button", name=words["settings.turn_on"])).to_be_visible()
    origin = page.evaluate("location.origin")
    expect(guide.get_by_text(f"{origin}/api/missed-calls/")).to_be_visible()
    # Plain words for a person: no "POST", no header or JSON until asked for.
    expect(guide.get_by_text(words["firstrun.automation_trigger"])).to_be_visible()
    assert "POST" not in guide.inner_text()
    assert "Authorization" not in guide.inner_text()
    guide.get_by_text(words["firstrun.automation_details"]).click()
    expect(guide.get_by_text("Authorization: Bearer <token>")).to_be_visible()
    shot(page, artifacts, f"firstrun-{language}")

    contact_create(owner=owner, name="Mum", relationship="family")
    api_token_create(owner=owner, name="Tasker")
    page.reload()

    done = guide.locator(".step[data-done=true]")
    expect(done).to_have_count(2)
    assert [step.get_attribute("data-step") for step in done.all()] == ["contacts", "automation"]
    shot(page, artifacts, f"firstrun-ticked-{language}")

    guide.get_by_role("button", name=words["firstrun.hide"]).click()
    expect(guide).to_have_count(0)
    page.reload()
    # The empty list shows once the guide has been decided on.
    expect(page.get_by_text(words["today.empty"])).to_be_visible()
    expect(page.locator(".firstrun")).to_have_count(0)
    assert errors == []
