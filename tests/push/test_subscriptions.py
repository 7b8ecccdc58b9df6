import base64
import os

import pytest
from django.core.exceptions import ValidationError
from webpush.models import PushInformation, SubscriptionInfo

from push.endpoints import endpoint_allowed, push_service_of
from push.services import push_subscription_delete, push_subscription_save
from tests.push_receiver import b64url, browser_keys

P256DH, AUTH = browser_keys()
FCM = "https://fcm.googleapis.com/fcm/send/abc:def"
# Hosts that urlsplit reads as under a push service's domain, and urllib3 (the HTTP
# client) as an address of ours: the probe's payloads.
PARSER_CONFUSIONS = [
    "https://127.0.0.1\\.push.apple.com/x",
    "https://localhost\\.push.apple.com/x",
    "https://169.254.169.254\\x.push.apple.com/latest/meta-data",
    "https://127.0.0.1\\@fcm.googleapis.com/x",
    "https://127.0.0.1\t.push.apple.com/x",
    "https://127.0.0.1\n.push.apple.com/x",
    "https://127.0.0.1 .push.apple.com/x",
    "https://127.0.0.1%2f.push.apple.com/x",
    "https://127%2e0%2e0%2e1.push.apple.com/x",
    "https://web.push.apple.com@127.0.0.1/x",
    "https://127.0.0.1#.push.apple.com/x",
    "https://127.0.0.1?.push.apple.com/x",
    "https://web.push.apple.com./x",
    "https://-x.push.apple.com/x",
    "https://x..push.apple.com/x",
    "https://x_y.push.apple.com/x",
    "https://web.push.apple.com/x\\y",
    "https://web.push.apple.com/x y",
    "https://web.push.apple.com/x#frag",
    "https://wéb.push.apple.com/x",
    "HTTPS://web.push.apple.com/x",
    "https://.push.apple.com/x",
    "https://push.apple.com/x",
]


@pytest.mark.parametrize(
    "url",
    [
        FCM,
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
        "https://web.push.apple.com/QGhx",
        "https://wns2-par02p.notify.windows.com/w/?token=x",
        "https://fcm.googleapis.com:443/fcm/send/x",
    ],
)
def test_it_allows_the_known_push_services(url):
    assert endpoint_allowed(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://fcm.googleapis.com/fcm/send/x",
        "https://fcm.googleapis.com:8443/fcm/send/x",
        "https://evil.example/fcm.googleapis.com",
        "https://fcm.googleapis.com.evil.example/x",
        "https://push.apple.com.evil.example/x",
        "https://user:pw@fcm.googleapis.com/x",
        "https://127.0.0.1/x",
        "http://127.0.0.1:8090/push/1",
        "https://[::1]:99999/x",
        "not a url",
        "",
    ],
)
def test_it_refuses_anything_else(url):
    assert not endpoint_allowed(url)


@pytest.mark.parametrize("url", PARSER_CONFUSIONS)
def test_it_refuses_a_host_the_http_client_would_read_otherwise(url):
    assert not endpoint_allowed(url)


@pytest.mark.parametrize(
    ("url", "service"),
    [
        (FCM, "fcm.googleapis.com"),
        ("https://web.push.apple.com/QGhx", "push.apple.com"),
        ("https://updates.push.services.mozilla.com/wpush/v2/g", "push.services.mozilla.com"),
        ("https://wns2-par02p.notify.windows.com/w/?token=x%2b", "notify.windows.com"),
        ("http://127.0.0.1:8090/push/1", "127.0.0.1:8090"),
        ("https://127.0.0.1\\.push.apple.com/x", "other"),
        ("https://evil.example/x", "other"),
    ],
)
def test_it_names_the_push_service_of_an_endpoint(settings, url, service):
    settings.PUSH_EXTRA_ORIGINS = ["http://127.0.0.1:8090"]

    assert push_service_of(url) == service


def test_origins_named_in_the_setting_are_allowed(settings):
    settings.PUSH_EXTRA_ORIGINS = ["http://127.0.0.1:8090"]

    assert endpoint_allowed("http://127.0.0.1:8090/push/1")
    assert not endpoint_allowed("http://127.0.0.1:8091/push/1")


def test_an_ipv6_origin_named_in_the_setting_is_allowed(settings):
    settings.PUSH_EXTRA_ORIGINS = ["http://[::1]:8090"]

    assert endpoint_allowed("http://[::1]:8090/push/1")
    assert not endpoint_allowed("http://[::2]:8090/push/1")


def test_a_subscription_is_stored_once_per_endpoint(user):
    push_subscription_save(user=user, endpoint=FCM, p256dh=P256DH, auth=AUTH)
    new_auth = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
    push_subscription_save(user=user, endpoint=FCM, p256dh=P256DH, auth=new_auth)

    subscription = SubscriptionInfo.objects.get()
    assert subscription.auth == new_auth
    assert PushInformation.objects.get().user == user


def test_an_endpoint_moves_to_the_user_who_posts_it_last(user, other_user):
    push_subscription_save(user=user, endpoint=FCM, p256dh=P256DH, auth=AUTH)
    push_subscription_save(user=other_user, endpoint=FCM, p256dh=P256DH, auth=AUTH)

    assert list(PushInformation.objects.values_list("user__username", flat=True)) == ["bob"]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"endpoint": "https://evil.example/x"}, "endpoint"),
        ({"endpoint": "https://fcm.googleapis.com/" + "x" * 500}, "endpoint"),
        ({"p256dh": "AAAA"}, "p256dh"),
        ({"p256dh": "!!!not base64!!!"}, "p256dh"),
        ({"auth": base64.urlsafe_b64encode(b"short").decode()}, "auth"),
        # 65 bytes in the uncompressed form, but not a point on P-256.
        ({"p256dh": b64url(b"\x04" + b"\x01" * 64)}, "p256dh"),
        ({"p256dh": b64url(b"\x04" + os.urandom(64))}, "p256dh"),
        # The lenient decoder would skip the stray characters and find 16 bytes.
        ({"auth": AUTH[:11] + "!*" + AUTH[11:]}, "auth"),
        ({"auth": b64url(os.urandom(17))}, "auth"),
        *[({"endpoint": url}, "endpoint") for url in PARSER_CONFUSIONS],
    ],
)
def test_bad_subscriptions_name_the_field_and_store_nothing(user, fields, bad):
    data = {"endpoint": FCM, "p256dh": P256DH, "auth": AUTH, **fields}

    with pytest.raises(ValidationError) as error:
        push_subscription_save(user=user, **data)

    assert bad in error.value.message_dict
    assert not SubscriptionInfo.objects.exists()


def test_a_user_deletes_only_their_own_subscription(user, other_user):
    push_subscription_save(user=user, endpoint=FCM, p256dh=P256DH, auth=AUTH)

    assert not push_subscription_delete(user=other_user, endpoint=FCM)
    assert SubscriptionInfo.objects.exists()
    assert push_subscription_delete(user=user, endpoint=FCM)
    assert not SubscriptionInfo.objects.exists()
    assert not PushInformation.objects.exists()
