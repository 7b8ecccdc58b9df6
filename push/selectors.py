"""Reads of push subscriptions: every read of django-webpush's tables goes through here."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import F
from webpush.models import SubscriptionInfo

from accounts.users import User


@dataclass(frozen=True)
class Device:
    """What a push needs of one subscribed browser."""

    id: int
    endpoint: str
    p256dh: str
    auth: str


def push_subscription_stored(*, user: User, endpoint: str) -> bool:
    return SubscriptionInfo.objects.filter(endpoint=endpoint, webpush_info__user=user).exists()


def devices_by_user(user_ids: Collection[int]) -> dict[int, list[Device]]:
    """Every subscribed browser of these users, in one query."""
    devices: dict[int, list[Device]] = defaultdict(list)
    rows = (
        SubscriptionInfo.objects.filter(webpush_info__user_id__in=list(user_ids))
        .annotate(user_id=F("webpush_info__user_id"))
        .values_list("user_id", "pk", "endpoint", "p256dh", "auth")
        .distinct()
        .order_by("pk")
    )
    for user_id, pk, endpoint, p256dh, auth in rows:
        devices[user_id].append(Device(pk, endpoint, p256dh, auth))
    return devices


def devices_of(user: User) -> list[dict[str, object]]:
    """The user's subscribed browsers as they may see them (an export): which browser,
    since when and through which push service — never the subscription's keys."""
    rows = (
        SubscriptionInfo.objects.filter(webpush_info__user=user)
        .values_list("browser", "user_agent", "endpoint", "ringback__created_at")
        .distinct()
        .order_by("pk")
    )
    return [
        {
            "browser": browser,
            "user_agent": user_agent,
            "push_service": urlsplit(endpoint).hostname or "",
            "subscribed_at": created_at,
        }
        for browser, user_agent, endpoint, created_at in rows
    ]
