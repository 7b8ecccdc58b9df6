"""Writes on push subscriptions: every write to django-webpush's tables goes through here."""

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from webpush.models import PushInformation, SubscriptionInfo

from accounts.users import User
from push.endpoints import validate_endpoint, validate_keys
from push.models import Subscription


def _browser_name(user_agent: str) -> str:
    agent = user_agent.lower()
    for needle, name in (
        ("edg/", "edge"),
        ("firefox/", "firefox"),
        ("chrome/", "chrome"),
        ("safari/", "safari"),
    ):
        if needle in agent:
            return name
    return "other"


def push_subscription_save(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> Subscription:
    """Store a browser's push subscription for this user, once per endpoint.

    Posting the same endpoint again updates its keys; an endpoint another account of
    this installation had (the same phone, a different login) moves to this user.
    """
    validate_endpoint(endpoint)
    validate_keys(p256dh=p256dh, auth=auth)
    fields = {
        "p256dh": p256dh,
        "auth": auth,
        "user_agent": user_agent[:500],
        "browser": _browser_name(user_agent),
    }
    for _ in range(3):
        try:
            with transaction.atomic():
                subscription = (
                    Subscription.objects.select_for_update()
                    .select_related("info")
                    .filter(endpoint=endpoint)
                    .first()
                )
                if subscription is None:
                    info = SubscriptionInfo.objects.create(endpoint=endpoint, **fields)
                    # The unique endpoint: of two saves at once, this insert fails for one.
                    subscription = Subscription.objects.create(info=info, endpoint=endpoint)
                else:
                    SubscriptionInfo.objects.filter(pk=subscription.pk).update(**fields)
                PushInformation.objects.filter(subscription_id=subscription.pk).exclude(
                    user=user
                ).delete()
                PushInformation.objects.get_or_create(user=user, subscription_id=subscription.pk)
                return subscription
        except IntegrityError:
            continue
    raise RuntimeError("could not store the push subscription after 3 tries")


@transaction.atomic
def push_subscription_delete(*, user: User, endpoint: str) -> bool:
    """Forget this user's subscription with that endpoint; False if they had none."""
    deleted, _ = SubscriptionInfo.objects.filter(
        endpoint=endpoint, webpush_info__user=user
    ).delete()
    return deleted > 0


def push_subscriptions_sent(*, counts: Mapping[int, int], at: datetime) -> None:
    """Their push services took this many pushes for these browsers: unseen until a
    receipt comes (push_subscription_receipt)."""
    by_count: dict[int, list[int]] = defaultdict(list)
    for subscription_id, count in counts.items():
        by_count[count].append(subscription_id)
    for count, ids in by_count.items():
        Subscription.objects.filter(pk__in=ids).update(
            unseen_pushes=F("unseen_pushes") + count,
            first_unseen_at=Coalesce(F("first_unseen_at"), Value(at)),
        )


def push_subscriptions_receipt(*, subscription_ids: Collection[int], at: datetime) -> None:
    """These browsers showed a push: whatever they were sent before was seen."""
    Subscription.objects.filter(pk__in=list(subscription_ids)).update(
        last_receipt_at=at, unseen_pushes=0, first_unseen_at=None
    )


def push_subscriptions_gone(*, subscription_ids: Collection[int]) -> None:
    """The push service said these browsers unsubscribed: nothing more goes to them."""
    SubscriptionInfo.objects.filter(pk__in=list(subscription_ids)).delete()


def push_subscriptions_forget(*, user: User) -> None:
    """Every subscription of this user, with the keys (the account goes: push.signals)."""
    SubscriptionInfo.objects.filter(webpush_info__user=user).delete()
