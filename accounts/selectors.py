"""Reads on accounts. Reads never write: preferences are made with the user."""

from typing import cast

from accounts.models import ApiToken, CalendarFeed, Preferences, TelephonyHook
from accounts.regions import default_phone_region
from accounts.users import User
from project.precompiled import Precompiled

# Every request with a token reads it first: compiled once (project.precompiled).
_usable_token = Precompiled(
    lambda key_hash: ApiToken.objects.select_related("owner__preferences").filter(
        key_hash=key_hash, revoked=False, owner__is_active=True
    )[:1],
    values=[str],
)


def usable_token(key_hash: str) -> ApiToken | None:
    """The token with this hash, unless revoked or its owner deactivated, with its owner
    and their preferences."""
    found = _usable_token(key_hash)
    return found[0] if found else None


def preferences_of(user: User) -> Preferences:
    """The user's preferences; the defaults (unsaved) for a user made before they existed.
    Read once for a user whose query brought them along (select_related, as a token's
    sign-in does), so the request's services do not read them again."""
    related = User.preferences.related
    if related.is_cached(user):
        cached = cast(Preferences | None, related.get_cached_value(user))
        return cached or Preferences(user_id=user.pk)
    return Preferences.objects.filter(user_id=user.pk).first() or Preferences(user_id=user.pk)


def preferences_by_owner(owner_ids: set[int]) -> dict[int, Preferences]:
    """Several users' preferences in one query, defaults for any who has none."""
    found = {p.user_id: p for p in Preferences.objects.filter(user_id__in=owner_ids)}
    return {user_id: found.get(user_id) or Preferences(user_id=user_id) for user_id in owner_ids}


def phone_region_of(user_id: int) -> str:
    """The country of the user's numbers typed without a country code."""
    found = Preferences.objects.filter(user_id=user_id).values_list("phone_region", flat=True)
    return found.first() or default_phone_region()


def telephony_hook_of(user: User) -> TelephonyHook | None:
    return TelephonyHook.objects.filter(owner_id=user.pk).first()


def calendar_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner_id=user.pk).first()


def calendar_feed_owner(secret: str) -> User | None:
    """The active user whose calendar URL has this secret, if any."""
    feed = (
        CalendarFeed.objects.select_related("owner")
        .filter(secret=secret, owner__is_active=True)
        .first()
    )
    return feed.owner if feed is not None else None


def language_of(user: User) -> str:
    """The user's language; the default for a user made before preferences existed."""
    language = Preferences.objects.filter(user_id=user.pk).values_list("language", flat=True)
    return language.first() or Preferences._meta.get_field("language").default
