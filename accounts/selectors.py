"""Reads on accounts. Reads never write: preferences are made with the user."""

from accounts.models import ApiToken, CalendarFeed, Preferences, TelephonyHook
from accounts.regions import default_phone_region
from accounts.users import User


def usable_token(key_hash: str) -> ApiToken | None:
    """The token with this hash, unless revoked or its owner deactivated, with its owner
    and their preferences read by the same query (see preferences_of)."""
    found = ApiToken.objects.select_related("owner__preferences").filter(
        key_hash=key_hash, revoked=False, owner__is_active=True
    )
    # The hash is unique: no ordering to ask for, as .first() would.
    return next(iter(found), None)


def preferences_of(user: User) -> Preferences:
    """The user's preferences; the defaults (unsaved) for a user made before they existed.

    Read through the user's own `preferences` relation, so that Django keeps them on that
    user object: the request's user, signed in by a session (read here once, by the
    language middleware) or by a token (read with the token), carries them through the
    views and services of the request, which are handed that same user."""
    try:
        return user.preferences
    except Preferences.DoesNotExist:
        return Preferences(user_id=user.pk)


def preferences_by_owner(owner_ids: set[int]) -> dict[int, Preferences]:
    """Several users' preferences in one query, defaults for any who has none."""
    found = {p.user_id: p for p in Preferences.objects.filter(user_id__in=owner_ids)}
    return {user_id: found.get(user_id) or Preferences(user_id=user_id) for user_id in owner_ids}


def phone_region_for(user: User) -> str:
    """phone_region_of the signed-in user, from the preferences they carry."""
    return preferences_of(user).phone_region or default_phone_region()


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
