"""One lock on every way to sign in (accounts.lockout): the admin's form and the app's
login API count together, per account and client address, and a stranger cannot lock
the owner out of their own account.

Axes counts in the database, which each test starts empty (no state leaks between tests).
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tests.factories import StaffFactory, at

RIGHT = "correct horse battery"


@pytest.fixture
def alice(db):
    return StaffFactory(username="alice")


def admin_login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def api_login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/api/auth/login/",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_admin_passwords_lock_that_address_out_even_with_the_right_one(alice):
    client = Client()

    codes = [admin_login(client, "alice", f"guess {n}").status_code for n in range(15)]
    right = admin_login(client, "alice", RIGHT)

    assert codes[:9] == [200] * 9, "the form says the password is wrong"
    assert codes[9:] == [429] * 6
    assert right.status_code == 429
    assert "Too many failed sign-in attempts" in right.content.decode()
    assert right["Retry-After"] == "3600"
    assert not signed_in(client)


def test_the_owner_still_signs_in_to_the_admin_from_another_address(alice):
    for n in range(15):
        admin_login(Client(), "alice", f"guess {n}", address="203.0.113.9")
    owner = Client()

    response = admin_login(owner, "alice", RIGHT, address="198.51.100.7")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in(owner)


def test_usernames_that_differ_in_case_or_spaces_are_one_account(alice):
    client = Client()
    for name in ["Alice ", " ALICE", "alice", "aLiCe", "Alice"] * 2:
        admin_login(client, name, "guess")

    by_admin = admin_login(client, "alice", RIGHT)
    by_api = api_login(client, "alice", RIGHT)

    assert (by_admin.status_code, by_api.status_code) == (429, 429)
    assert not signed_in(client)


def test_the_admin_and_the_api_share_one_count(alice):
    client = Client()
    for n in range(5):
        admin_login(client, "alice", f"guess {n}")
        api_login(client, "alice", f"guess {n}")

    by_api = api_login(client, "alice", RIGHT)
    by_admin = admin_login(client, "alice", RIGHT)

    assert by_api.status_code == 429
    assert by_api.json() == {"detail": "Too many failed sign-in attempts. Try again in 60 minutes."}
    assert by_api["Retry-After"] == "3600"
    assert by_admin.status_code == 429
    assert not signed_in(client)


def test_guessing_from_many_addresses_locks_the_account_only_at_a_much_higher_limit(
    alice, settings
):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    for n in range(19):
        assert api_login(Client(), "alice", "guess", address=f"203.0.113.{n}").status_code == 400

    before = api_login(Client(), "alice", RIGHT, address="198.51.100.7")
    api_login(Client(), "alice", "guess", address="203.0.113.200")
    after = api_login(Client(), "alice", RIGHT, address="198.51.100.8")

    assert before.status_code == 200, "19 strangers' failures do not lock the owner out"
    assert after.status_code == 429


def test_one_address_trying_many_accounts_is_locked(alice):
    client = Client()

    codes = [api_login(client, f"someone{n}", "guess").status_code for n in range(31)]

    assert codes[:29] == [400] * 29
    assert codes[29:] == [429, 429]
    assert api_login(client, "alice", RIGHT).status_code == 429
    assert api_login(Client(), "alice", RIGHT, address="198.51.100.7").status_code == 200


def test_signing_in_correctly_never_uses_up_the_budget(alice):
    client = Client()

    assert [api_login(client, "alice", RIGHT).status_code for _ in range(15)] == [200] * 15
    assert [api_login(client, "alice", "wrong").status_code for _ in range(9)] == [400] * 9
    assert api_login(client, "alice", "wrong").status_code == 429
    # Locked now, even with the right password: the guesser must not learn it is right.
    assert api_login(client, "alice", RIGHT).status_code == 429


def test_a_lock_ends_an_hour_after_the_last_counted_failure(alice):
    client = Client()
    with time_machine.travel(at("2026-03-02 10:00"), tick=False) as clock:
        for _ in range(10):
            api_login(client, "alice", "wrong")
        clock.shift(timedelta(minutes=30))
        # Refused while locked, and not counted: the lock does not grow.
        assert api_login(client, "alice", "wrong").status_code == 429
        clock.shift(timedelta(minutes=31))

        response = api_login(client, "alice", RIGHT)

    assert response.status_code == 200


def test_behind_a_proxy_each_client_is_counted_by_its_forwarded_address(alice, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def via_proxy(client: Client, password: str, forwarded_for: str):
        return client.post(
            "/api/auth/login/",
            {"username": "alice", "password": password},
            content_type="application/json",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for _ in range(10):
        via_proxy(Client(), "guess", "203.0.113.9")

    assert via_proxy(Client(), RIGHT, "203.0.113.9").status_code == 429
    assert via_proxy(Client(), RIGHT, "198.51.100.7").status_code == 200


def delete_account(client: Client, password: str, address: str = "10.0.0.1"):
    return client.delete(
        "/api/me/", {"password": password}, content_type="application/json", REMOTE_ADDR=address
    )


def test_wrong_passwords_to_delete_the_account_count_in_the_sign_in_lock(alice):
    client = Client()
    client.force_login(alice)

    codes = [delete_account(client, f"guess {n}").status_code for n in range(12)]
    right = delete_account(client, RIGHT)
    sign_in = api_login(Client(), "alice", RIGHT)

    assert codes[:9] == [400] * 9
    assert codes[9:] == [429] * 3
    assert right.status_code == 429
    assert right["Retry-After"] == "3600"
    assert sign_in.status_code == 429, "the same lock as signing in"
    assert type(alice).objects.filter(pk=alice.pk).exists()


def test_the_right_password_deletes_the_account(alice):
    client = Client()
    client.force_login(alice)

    assert delete_account(client, RIGHT).status_code == 204
    assert not type(alice).objects.filter(pk=alice.pk).exists()


def change_password(client: Client, old: str, address: str = "10.0.0.1"):
    new = "another horse battery 42"
    return client.post(
        "/admin/password_change/",
        {"old_password": old, "new_password1": new, "new_password2": new},
        REMOTE_ADDR=address,
    )


def test_wrong_old_passwords_in_the_admin_count_in_the_sign_in_lock(alice):
    client = Client()
    client.force_login(alice)

    codes = [change_password(client, f"guess {n}").status_code for n in range(9)]
    login = admin_login(Client(), "alice", "guess 9")
    right = change_password(client, RIGHT)

    assert codes == [200] * 9, "the form says the old password is wrong"
    assert login.status_code == 429
    assert right.status_code == 429
    alice.refresh_from_db()
    assert alice.check_password(RIGHT)


def test_the_admin_changes_a_password_given_the_right_old_one(alice):
    client = Client()
    client.force_login(alice)

    response = change_password(client, RIGHT)

    assert response.status_code == 302
    assert response["Location"] == "/admin/password_change/done/"
    alice.refresh_from_db()
    assert alice.check_password("another horse battery 42")


def test_the_password_change_page_wants_a_signed_in_user(alice):
    anonymous = Client().get("/admin/password_change/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
