"""Two-factor sign-in (accounts.second_factor): turned on from the app's session with a
code from the new secret; then the app and the admin ask for a code after the password,
wrong codes count in the sign-in lock, a recovery code works once, and strangers
guessing from many addresses cannot lock the owner out."""

from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffFactory, at

RIGHT = "correct horse battery"
pytestmark = pytest.mark.django_db


def code_for(secret: str, when) -> str:
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    # RFC 6238: the counter is the number of 30-second steps since the epoch.
    return f"{hotp(key, int(when.timestamp()) // 30):06d}"


def turn_on(client, when) -> tuple[str, list[str]]:
    """Two-factor sign-in on for the signed-in client: its secret and recovery codes."""
    shown = client.post("/api/me/two-factor/", {"password": RIGHT}, format="json")
    assert shown.status_code == 200, shown.content
    secret = shown.json()["secret"]
    confirmed = client.post(
        "/api/me/two-factor/confirm/", {"code": code_for(secret, when)}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.content
    return secret, confirmed.json()["recovery_codes"]


def login(client: Client, password: str = RIGHT, address: str = "10.0.0.1", username="alice"):
    return client.post(
        "/api/auth/login/",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def second_step(client: Client, code: str, address: str = "10.0.0.1"):
    return client.post(
        "/api/auth/second-factor/",
        {"code": code},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


@pytest.fixture
def alice(db):
    return StaffFactory(username="alice", is_superuser=True)


@pytest.fixture
def alice_with_second_factor(alice):
    from rest_framework.test import APIClient

    app = APIClient()
    app.force_login(alice)
    with time_machine.travel(at("2026-03-02 10:00"), tick=False):
        secret, codes = turn_on(app, at("2026-03-02 10:00"))
    return secret, codes


def test_turning_it_on_shows_a_secret_a_qr_code_and_ten_recovery_codes_once(alice):
    from rest_framework.test import APIClient

    app = APIClient()
    app.force_login(alice)
    now = at("2026-03-02 10:00")
    with time_machine.travel(now, tick=False):
        shown = app.post("/api/me/two-factor/", {"password": RIGHT}, format="json").json()
        wrong = app.post("/api/me/two-factor/confirm/", {"code": "000000"}, format="json")
        assert app.get("/api/me/two-factor/").json()["enabled"] is False
    # django-otp makes a device wait after a wrong code (1 s, doubling with each).
    later = now + timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        right = app.post(
            "/api/me/two-factor/confirm/", {"code": code_for(shown["secret"], later)}, format="json"
        )
        state = app.get("/api/me/two-factor/").json()

    assert shown["otpauth_url"].startswith("otpauth://totp/")
    assert "issuer=Ringback" in shown["otpauth_url"]
    assert shown["qr_image"].startswith("data:image/svg+xml")
    assert wrong.status_code == 400 and "code" in wrong.json()
    assert len(right.json()["recovery_codes"]) == 10
    assert state == {"enabled": True, "recovery_codes_left": 10}


def test_a_wrong_password_begins_nothing(alice):
    from rest_framework.test import APIClient

    app = APIClient()
    app.force_login(alice)

    answer = app.post("/api/me/two-factor/", {"password": "nope"}, format="json")

    assert answer.status_code == 400 and "password" in answer.json()
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_a_token_cannot_see_or_change_the_second_factor(alice, token_api):
    assert token_api.get("/api/me/two-factor/").status_code == 403
    assert token_api.post("/api/me/two-factor/", {"password": RIGHT}).status_code == 403


def test_signing_in_asks_for_a_code_after_the_right_password(alice_with_second_factor):
    secret, _codes = alice_with_second_factor
    client = Client()
    now = at("2026-03-02 11:00")
    with time_machine.travel(now, tick=False) as clock:
        first = login(client)
        between = client.get("/api/me/")
        wrong = second_step(client, "123456")
        clock.shift(5)  # past the device's wait after a wrong code
        right = second_step(client, code_for(secret, now + timedelta(seconds=5)))
        after = client.get("/api/me/")

    assert first.status_code == 200
    assert first.json()["authenticated"] is False
    assert first.json()["second_factor_required"] is True
    assert between.status_code == 401, "the password alone signs in nobody"
    assert wrong.status_code == 400 and "code" in wrong.json()
    assert right.json()["authenticated"] is True
    assert after.status_code == 200


def test_the_code_step_needs_the_password_step_first_and_only_for_five_minutes(
    alice_with_second_factor,
):
    secret, _codes = alice_with_second_factor
    client = Client()
    with time_machine.travel(at("2026-03-02 11:00"), tick=False) as clock:
        alone = second_step(client, code_for(secret, at("2026-03-02 11:00")))
        login(client)
        clock.shift(360)
        late = second_step(client, code_for(secret, at("2026-03-02 11:06")))
        me = client.get("/api/me/")

    assert alone.status_code == 400 and "password" in alone.json()["code"][0]
    assert late.status_code == 400
    assert me.status_code == 401


def test_a_recovery_code_signs_in_once(alice_with_second_factor):
    _secret, codes = alice_with_second_factor
    first, second = Client(), Client()
    login(first)
    login(second)

    used = second_step(first, codes[0].upper())
    again = second_step(second, codes[0])

    assert used.json()["authenticated"] is True
    assert again.status_code == 400


def test_wrong_codes_count_in_the_sign_in_lock(alice_with_second_factor):
    secret, _codes = alice_with_second_factor
    client = Client()
    now = at("2026-03-02 12:00")
    with time_machine.travel(now, tick=False):
        login(client)
        codes = [second_step(client, f"{n:06d}").status_code for n in range(12)]
        right = second_step(client, code_for(secret, now))
        me = client.get("/api/me/")

    assert codes[:10] == [400] * 10
    assert codes[10:] == [429, 429]
    assert right.status_code == 429
    assert right["Retry-After"] == "3600"
    assert me.status_code == 401


def test_strangers_on_many_addresses_cannot_lock_out_an_owner_with_a_second_factor(
    alice_with_second_factor, settings
):
    secret, _codes = alice_with_second_factor
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    for n in range(30):
        assert login(Client(), "guess", address=f"203.0.113.{n}").status_code == 400

    client = Client()
    now = at("2026-03-02 13:00")
    with time_machine.travel(now, tick=False):
        password = login(client, address="198.51.100.7")
        code = second_step(client, code_for(secret, now), address="198.51.100.7")

    assert password.json()["second_factor_required"] is True
    assert code.json()["authenticated"] is True


def test_the_admin_asks_for_the_code_too(alice_with_second_factor):
    secret, _codes = alice_with_second_factor
    now = at("2026-03-02 14:00")

    def admin_login(client, code):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "alice", "password": RIGHT, "otp_token": code, "next": "/admin/"},
        )

    with time_machine.travel(now, tick=False) as clock:
        without, wrong, right = Client(), Client(), Client()
        refused = admin_login(without, "")
        wrong_answer = admin_login(wrong, "000000")
        clock.shift(5)  # past the device's wait after a wrong code
        accepted = admin_login(right, code_for(secret, now + timedelta(seconds=5)))
        page = right.get("/admin/")
        # Read while the clock stands then: the session expires after two weeks.
        verified = right.session.get("otp_device_id")
        not_in = [without.get("/admin/").status_code, wrong.get("/admin/").status_code]

    assert refused.status_code == 200
    assert "authenticator app" in refused.content.decode()
    assert wrong_answer.status_code == 200
    assert not_in == [302, 302], "both are sent back to the sign-in page"
    assert accepted.status_code == 302
    assert page.status_code == 200
    assert verified, "the admin's session is verified"


def test_turning_it_off_needs_the_password_and_a_code(alice_with_second_factor):
    secret, _codes = alice_with_second_factor
    client = Client()
    now = at("2026-03-02 15:00")
    with time_machine.travel(now, tick=False) as clock:
        login(client)
        second_step(client, code_for(secret, now))
        no_code = client.delete(
            "/api/me/two-factor/",
            {"password": RIGHT, "code": "000000"},
            content_type="application/json",
        )
        # A code is used once, and a wrong one makes the device wait: the next step.
        clock.shift(35)
        off = client.delete(
            "/api/me/two-factor/",
            {"password": RIGHT, "code": code_for(secret, now + timedelta(seconds=35))},
            content_type="application/json",
        )
        plain = login(Client())

    assert no_code.status_code == 400 and "code" in no_code.json()
    assert off.status_code == 204
    assert plain.json()["authenticated"] is True


def test_right_after_a_wrong_code_the_owner_is_told_to_wait(alice_with_second_factor):
    secret, _codes = alice_with_second_factor
    client = Client()
    now = at("2026-03-02 16:00")
    with time_machine.travel(now, tick=False):
        login(client)
        second_step(client, "000000")
        hurried = second_step(client, code_for(secret, now))

    assert hurried.status_code == 400
    assert "Wait a few seconds" in hurried.json()["code"][0]


def test_a_wrong_app_code_does_not_hold_up_a_recovery_code(alice_with_second_factor):
    _secret, codes = alice_with_second_factor
    client = Client()
    with time_machine.travel(at("2026-03-02 17:00"), tick=False):
        login(client)
        second_step(client, "000000")
        recovered = second_step(client, codes[1])

    assert recovered.json()["authenticated"] is True
