"""Settings → your data and tokens: the only owner learns before typing a password that
the account cannot be deleted; the opened form can be cancelled; a new token is copied
with one tap, and the button says so — in English and in German."""

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.models import Preferences
from tests.factories import UserFactory


def your_data(page: Page) -> Locator:
    """Settings' "Your data" section (other sections have password fields of their own)."""
    return page.locator("section", has=page.get_by_role("heading", name="Your data"))


def test_the_only_owner_is_told_before_any_password(app_page: Page, owner):
    type(owner).objects.filter(pk=owner.pk).update(is_superuser=True, is_staff=True)
    page = app_page
    page.goto("/settings")

    data = your_data(page)
    expect(data.locator("[data-refused]")).to_contain_text("You are the only owner")
    expect(data.get_by_role("button", name="Delete my account…")).to_have_count(0)
    expect(data.get_by_label("Password")).to_have_count(0)


def test_an_owner_among_others_may_open_and_cancel_the_form(app_page: Page, owner):
    type(owner).objects.filter(pk=owner.pk).update(is_superuser=True, is_staff=True)
    UserFactory(username="bob", is_superuser=True, is_staff=True)
    page = app_page
    page.goto("/settings")
    data = your_data(page)
    data.get_by_role("button", name="Delete my account…").click()
    expect(data.get_by_label("Password")).to_be_visible()

    data.get_by_role("button", name="Cancel").click()

    expect(data.get_by_label("Password")).to_be_hidden()
    expect(data.get_by_role("button", name="Delete my account…")).to_be_visible()


@pytest.mark.parametrize(
    ("language", "create", "copy", "copied"),
    [
        ("en", "Create a token", "Copy", "Copied."),
        ("de", "Token erstellen", "Kopieren", "Kopiert."),
    ],
)
def test_a_new_token_is_copied_with_one_tap(app_page: Page, owner, language, create, copy, copied):
    Preferences.objects.filter(user=owner).update(language=language)
    page = app_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/settings")
    form = page.locator("form", has=page.get_by_role("button", name=create))
    form.locator("input[name=name]").fill("Tasker")
    page.get_by_role("button", name=create).click()
    token = page.locator(".token-once input")
    expect(token).to_be_visible()

    page.locator(".token-once").get_by_role("button", name=copy).click()

    expect(page.locator(".token-once [data-copy]")).to_have_text(copied)
    assert page.evaluate("navigator.clipboard.readText()") == token.input_value()
