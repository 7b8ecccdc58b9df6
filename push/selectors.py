"""Reads of push subscriptions: every read of django-webpush's tables goes through here."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from webpush.models import SubscriptionInfo

from accounts.users import User
from push.endpoints import push_service_of
from push.models import Subscription


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


@dataclass(frozen=True)
class DeviceState:
    """One subscribed browser as Settings shows it: is it still showing our pushes?"""

    id: int
    endpoint: str
    browser: str
    push_service: str
    subscribed_at: datetime
    last_receipt_at: datetime | None
    unseen_pushes: int
    silent: bool
    # Silent: since when its pushes have gone unseen (when the first unseen one was sent).
    silent_since: datetime | None


def is_silent(*, unseen_pushes: int, first_unseen_at: datetime | None, now: datetime) -> bool:
    """Pushes were taken by its push service but none shown, for long or many times."""
    if unseen_pushes >= settings.PUSH_SILENT_AFTER_PUSHES:
        return True
    wait = timedelta(days=settings.PUSH_SILENT_AFTER_DAYS)
    return first_unseen_at is not None and now - first_unseen_at >= wait


def device_states(user: User, *, now: datetime) -> list[DeviceState]:
    """The user's subscribed browsers, silent ones marked: one query."""
    rows = (
        Subscription.objects.filter(info__webpush_info__user=user)
        .values_list(
            "pk", "endpoint", "info__browser", "created_at", "last_receipt_at",
            "unseen_pushes", "first_unseen_at",
        )
        .distinct()
        .order_by("pk")
    )  # fmt: skip
    states = []
    for pk, endpoint, browser, created_at, receipt_at, unseen, first_unseen in rows:
        silent = is_silent(unseen_pushes=unseen, first_unseen_at=first_unseen, now=now)
        states.append(
            DeviceState(
                id=pk,
                endpoint=endpoint,
                browser=browser or "",
                push_service=push_service_of(endpoint),
                subscribed_at=created_at,
                last_receipt_at=receipt_at,
                unseen_pushes=unseen,
                silent=silent,
                silent_since=first_unseen if silent else None,
            )
        )
    return states


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
