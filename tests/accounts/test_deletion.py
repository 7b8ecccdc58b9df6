"""DELETE /api/me/: the user and every row of theirs go, in one transaction; the last
owner stays."""

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from rest_framework.test import APIClient
from webpush.models import SubscriptionInfo

from push import services as push_services
from tests.accounts.everything import everything_of
from tests.factories import UserFactory

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def every_model() -> list[type[models.Model]]:
    """Every table of every installed app (django-webpush's and axes' included), with
    the many-to-many tables Django makes itself."""
    return list(apps.get_models(include_auto_created=True))


def every_row() -> dict[str, set]:
    return {
        model._meta.label: set(model._default_manager.values_list("pk", flat=True))
        for model in every_model()
    }


def pointing_at(user_pk: int) -> list[str]:
    """Every row, in any table, with a key to this user."""
    found = []
    User = get_user_model()
    for model in every_model():
        for field in model._meta.get_fields():
            to_user = field.concrete and field.is_relation and field.related_model is User
            if to_user and model._default_manager.filter(**{field.attname: user_pk}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_deleting_the_account_leaves_no_row_of_the_user_in_any_table(db):
    bob = UserFactory(username="bob")
    everything_of(bob, number="+49301234568")
    bobs_world = every_row()
    alice = UserFactory(username="alice")
    everything_of(alice, number="+49301234567")
    client = signed_in(alice)

    response = client.delete("/api/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert pointing_at(alice.pk) == []
    left = every_row()
    grown = {label: left[label] - rows for label, rows in bobs_world.items() if left[label] - rows}
    assert grown == {}, "rows of Alice's left behind"
    assert left == bobs_world, "Bob lost rows"
    assert client.get("/api/me/").status_code in (401, 403)


def test_sign_in_records_and_sessions_go_as_their_stores_keep_the_name(db):
    """axes keeps "Dave" as "dave"; Django keeps a session per device, the user's id inside
    its data. Every row naming Dave goes, however it names him; Bob's stay."""
    bob = UserFactory(username="bob")
    everything_of(bob, number="+49301234568")
    signed_in(bob)
    bobs_world = every_row()
    dave = UserFactory(username="Dave")
    everything_of(dave, number="+49301234567")
    login = {"username": "Dave", "password": PASSWORD}
    for address in ("10.0.0.7", "10.0.0.8"):  # a phone and a laptop, each a session
        device = APIClient(REMOTE_ADDR=address)
        device.post("/api/auth/login/", {**login, "password": "wrong"}, format="json")
        assert device.post("/api/auth/login/", login, format="json").status_code == 200
    assert Session.objects.count() > 1 and AccessAttempt.objects.filter(username="dave")

    response = device.delete("/api/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    left = every_row()
    grown = {label: left[label] - rows for label, rows in bobs_world.items() if left[label] - rows}
    assert grown == {}, "rows of Dave's left behind"
    assert left == bobs_world, "Bob lost rows"


def test_a_wrong_password_is_a_400_naming_it_and_deletes_nothing(api, user):
    everything_of(user, number="+49301234567")
    before = every_row()
    counted = {"axes.AccessAttempt", "axes.AccessFailureLog"}  # the lock counts a guess

    for body in ({"password": "wrong"}, {}, {"password": PASSWORD, "force": True}):
        response = api.delete("/api/me/", body, format="json")

        assert response.status_code == 400, body
        after = every_row()
        assert all(after[label] >= before[label] for label in counted)
        assert {k: v for k, v in after.items() if k not in counted} == {
            k: v for k, v in before.items() if k not in counted
        }
    assert "password" in api.delete("/api/me/", {"password": "x"}, format="json").json()


def test_a_token_cannot_delete_the_account(token_api, user):
    response = token_api.delete("/api/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_a_failure_midway_deletes_nothing(api, user, monkeypatch):
    everything_of(user, number="+49301234567")
    before = every_row()
    forget = push_services.push_subscriptions_forget

    def forget_then_fail(**kwargs):
        forget(**kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(push_services, "push_subscriptions_forget", forget_then_fail)
    client = APIClient(raise_request_exception=False)
    client.force_login(user)
    before = every_row()

    response = client.delete("/api/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 500
    assert every_row() == before
    assert SubscriptionInfo.objects.exists()


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_superuser(username="owner", password=PASSWORD)


def test_the_only_owner_cannot_delete_themselves(owner):
    response = signed_in(owner).delete("/api/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 409
    assert "superuser" in response.json()["detail"]
    assert get_user_model().objects.filter(pk=owner.pk).exists()


def test_an_inactive_second_owner_does_not_count(owner):
    get_user_model().objects.create_superuser(username="gone", password="x", is_active=False)

    response = signed_in(owner).delete("/api/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 409


def test_me_says_the_refusal_before_any_password(owner, user):
    alone = signed_in(owner).get("/api/me/").json()
    assert "only owner" in alone["deletion_refused"]
    assert signed_in(user).get("/api/me/").json()["deletion_refused"] == ""

    get_user_model().objects.create_superuser(username="partner", password="x")

    assert signed_in(owner).get("/api/me/").json()["deletion_refused"] == ""


def test_an_owner_may_go_when_another_owner_stays(owner):
    other = get_user_model().objects.create_superuser(username="partner", password="x")

    response = signed_in(owner).delete("/api/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert list(get_user_model().objects.all()) == [other]


def test_a_user_deleted_in_the_admin_leaves_no_subscription_behind(user, other_user):
    everything_of(user, number="+49301234567")
    everything_of(other_user, number="+49301234568")

    user.delete()

    assert pointing_at(user.pk) == []
    assert SubscriptionInfo.objects.count() == 1
