import base64
import os

from django.conf import settings
from webpush.models import SubscriptionInfo

P256DH = base64.urlsafe_b64encode(b"\x04" + os.urandom(64)).rstrip(b"=").decode()
AUTH = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
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
