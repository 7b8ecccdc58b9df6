"""Reads on accounts. Reads never write: preferences are made with the user."""

from accounts.models import ApiToken, CalendarFeed, Preferences, TelephonyHook
from accounts.regions import default_phone_region
from accounts.users import User
from project.precompiled import Precompiled

# Where a user signed in by a token keeps their preferences, for the rest of the request.
SIGNED_IN_PREFERENCES = "_signed_in_preferences"

# Every request with a token reads it first: compiled once (project.precompiled).
_usable_token = Precompiled(
    lambda key_hash: ApiToken.objects.select_related("owner__preferences").filter(
        key_hash=key_hash, revoked=False, owner__is_active=True
    )[:1],
    values=[str],
)


def usable_token(key_hash: str) -> ApiToken | None:
    """The token with this hash, unless revoked or its owner deactivated, with its owner,
    who keeps the preferences the same query read (see preferences_of)."""
    found = _usable_token(key_hash)
    if not found:
        return None
    owner = found[0].owner
    try:
        preferences = owner.preferences
    except Preferences.DoesNotExist:
        preferences = Preferences(user_id=owner.pk)
    owner.__dict__[SIGNED_IN_PREFERENCES] = preferences
    return found[0]


def preferences_of(user: User) -> Preferences:
    """The user's preferences; the defaults (unsaved) for a user made before they existed.
    A user signed in by a token has them already (usable_token): not read again."""
    kept = user.__dict__.get(SIGNED_IN_PREFERENCES)
    if kept is not None:
        return kept
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
