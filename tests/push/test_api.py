import os

import pytest
from django.conf import settings
from webpush.models import SubscriptionInfo

from tests.push_receiver import b64url, browser_keys

P256DH, AUTH = browser_keys()
FCM = "https://fcm.googleapis.com/fcm/send/abc:def"
SUBSCRIPTION = {"endpoint": FCM, "expirationTime": None, "keys": {"p256dh": P256DH, "auth": AUTH}}


def test_the_config_gives_the_vapid_public_key(api):
    assert api.get("/api/push/config/").json() == {"public_key": settings.VAPID_PUBLIC_KEY}


def test_a_subscription_is_stored_once_even_if_posted_again(api, user):
    first = api.post("/api/push/subscriptions/", SUBSCRIPTION, format="json")
    again = api.post("/api/push/subscriptions/", SUBSCRIPTION, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert SubscriptionInfo.objects.filter(endpoint=FCM, webpush_info__user=user).count() == 1


def test_an_endpoint_off_the_allow_list_is_a_400(api):
    payload = {**SUBSCRIPTION, "endpoint": "https://evil.example.com/push"}

    response = api.post("/api/push/subscriptions/", payload, format="json")

    assert response.status_code == 400
    assert "endpoint" in response.json()
    assert not SubscriptionInfo.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1\\.push.apple.com/x",
        "https://localhost\\.push.apple.com/x",
        "https://169.254.169.254\\x.push.apple.com/latest/meta-data",
        "https://127.0.0.1\t.push.apple.com/x",
        "https://127.0.0.1\n.push.apple.com/x",
    ],
)
def test_an_endpoint_the_http_client_reads_as_another_host_is_a_400(api, endpoint):
    payload = {**SUBSCRIPTION, "endpoint": endpoint}

    response = api.post("/api/push/subscriptions/", payload, format="json")

    assert response.status_code == 400
    assert "endpoint" in response.json()
    assert not SubscriptionInfo.objects.exists()


def test_a_key_off_the_p256_curve_is_a_400_naming_it(api):
    payload = {**SUBSCRIPTION, "keys": {"p256dh": b64url(b"\x04" + os.urandom(64)), "auth": AUTH}}

    response = api.post("/api/push/subscriptions/", payload, format="json")

    assert response.status_code == 400
    assert "p256dh" in response.json()
    assert not SubscriptionInfo.objects.exists()


def test_an_auth_secret_that_is_not_16_bytes_is_a_400_naming_it(api):
    payload = {**SUBSCRIPTION, "keys": {"p256dh": P256DH, "auth": b64url(os.urandom(12))}}

    response = api.post("/api/push/subscriptions/", payload, format="json")

    assert response.status_code == 400
    assert "auth" in response.json()
    assert not SubscriptionInfo.objects.exists()


def test_bad_keys_are_a_400_naming_the_key(api):
    payload = {**SUBSCRIPTION, "keys": {"p256dh": "AAAA", "auth": AUTH}}

    response = api.post("/api/push/subscriptions/", payload, format="json")

    assert response.status_code == 400
    assert "p256dh" in response.json()


def test_delete_by_endpoint(api, user):
    api.post("/api/push/subscriptions/", SUBSCRIPTION, format="json")

    response = api.delete("/api/push/subscriptions/", {"endpoint": FCM}, format="json")

    assert response.status_code == 204
    assert not SubscriptionInfo.objects.exists()


def test_another_user_cannot_delete_my_subscription(api, other_api):
    api.post("/api/push/subscriptions/", SUBSCRIPTION, format="json")

    other_api.delete("/api/push/subscriptions/", {"endpoint": FCM}, format="json")

    assert SubscriptionInfo.objects.filter(endpoint=FCM).exists()
