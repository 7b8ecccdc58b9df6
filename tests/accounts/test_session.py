import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Preferences


@pytest.fixture
def browser() -> Client:
    """A browser: CSRF is checked as in production."""
    return Client(enforce_csrf_checks=True)


def _csrf(browser: Client) -> str:
    browser.get("/api/auth/session/")
    return browser.cookies["csrftoken"].value


def test_the_session_says_who_is_signed_in_and_sets_the_csrf_cookie(browser, user):
    response = browser.get("/api/auth/session/")

    assert response.json() == {
        "authenticated": False,
        "user": None,
        "setup_required": False,
        "second_factor_required": False,
    }
    assert "csrftoken" in response.cookies


def test_a_login_without_the_csrf_token_is_refused(browser, user):
    response = browser.post(
        "/api/auth/login/",
        {"username": "alice", "password": "correct horse battery"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_login_with_the_csrf_token_signs_in(browser, user):
    token = _csrf(browser)

    response = browser.post(
        "/api/auth/login/",
        {"username": "alice", "password": "correct horse battery"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 200
    assert response.json()["user"] == {"id": user.pk, "username": "alice"}
    assert browser.get("/api/auth/session/").json()["authenticated"] is True


def test_wrong_credentials_are_a_400(browser, user):
    response = browser.post(
        "/api/auth/login/",
        {"username": "alice", "password": "wrong"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=_csrf(browser),
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_signed_in_write_without_the_csrf_token_is_refused(browser, user):
    browser.force_login(user)

    response = browser.post(
        "/api/missed-calls/", {"number": "+49301234567"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not user.missed_calls.exists()


def test_a_signed_in_write_with_the_csrf_token_works(browser, user):
    browser.force_login(user)
    token = _csrf(browser)

    response = browser.post(
        "/api/missed-calls/",
        {"number": "+49301234567"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201


def test_logout_ends_the_session(browser, user):
    browser.force_login(user)

    response = browser.post(
        "/api/auth/logout/", content_type="application/json", HTTP_X_CSRFTOKEN=_csrf(browser)
    )

    assert response.status_code == 204
    assert browser.get("/api/auth/session/").json()["authenticated"] is False


def test_setup_makes_the_owner_once_and_signs_them_in(browser, db):
    token = _csrf(browser)
    payload = {"username": "owner", "password": "a long passphrase 7", "time_zone": "Europe/Berlin"}

    first = browser.post(
        "/api/auth/setup/", payload, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    again = browser.post(
        "/api/auth/setup/",
        {**payload, "username": "intruder"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )

    assert first.status_code == 201
    assert first.json()["authenticated"] is True
    assert Preferences.objects.get().time_zone == "Europe/Berlin"
    assert again.status_code == 403
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["owner"]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"time_zone": "Mars/Olympus"}, "time_zone"), ({"password": "123"}, "password")],
)
def test_setup_with_bad_input_is_a_400_and_makes_nobody(browser, db, change, field):
    payload = {"username": "owner", "password": "a long passphrase 7", **change}

    response = browser.post(
        "/api/auth/setup/",
        payload,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=_csrf(browser),
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not get_user_model().objects.exists()
