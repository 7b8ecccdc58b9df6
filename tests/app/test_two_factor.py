"""Two-factor sign-in on the phone, in English and German: Settings shows a QR code and
the key, takes the first code and shows ten recovery codes; signing in again asks for a
code after the password, and a recovery code lets the owner in."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import hotp
from playwright.sync_api import expect

from accounts.models import Preferences
from project.catalogue import app_words
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors


@pytest.fixture(params=["en", "de"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


def current_code(secret: str) -> str:
    key = secret.replace(" ", "")
    return f"{hotp(b32decode(key + '=' * (-len(key) % 8)), int(time.time()) // 30):06d}"


def test_turn_on_two_factor_and_sign_in_with_a_recovery_code(page, owner, language, artifacts):
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")

    section = page.locator("section[data-two-factor]")
    expect(section.locator("h2")).to_have_text(words["twofactor.title"])
    expect(section.get_by_role("status")).to_have_text(words["twofactor.off"])
    section.get_by_role("button", name=words["twofactor.turn_on"]).click()
    section.locator('input[name="password"]').fill(PASSWORD)
    section.get_by_role("button", name=words["twofactor.next"]).click()
    expect(section.locator(".qr img")).to_be_visible()
    secret = section.locator('input[name="secret"]').input_value()
    section.locator('input[name="code"]').fill(current_code(secret))
    section.get_by_role("button", name=words["twofactor.confirm"]).click()

    codes = section.locator("[data-recovery-codes] li")
    expect(codes).to_have_count(10)
    expect(section.locator("p[role=status]").first).to_contain_text("10")
    shot(page, artifacts, f"two-factor-{language}")
    recovery = codes.first.inner_text()
    assert "undefined" not in section.inner_text()

    page.context.clear_cookies()
    page.goto("/login")
    page.locator('input[name="username"]').fill("alice")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name=words["login.submit"]).click()
    expect(page.locator("h1")).to_have_text(words["login.code_title"])
    page.locator('input[name="code"]').fill("000000")
    page.get_by_role("button", name=words["login.code_submit"]).click()
    expect(page.locator(".form-error, .field-error").first).to_be_visible()
    page.locator('input[name="code"]').fill(recovery)
    page.get_by_role("button", name=words["login.code_submit"]).click()

    expect(page).to_have_url("/today")
    assert errors == []
