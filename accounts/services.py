"""Writes on accounts: the first owner, what every new user gets, preferences, tokens."""

import hashlib
import secrets
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import ActionReplay, ApiToken, Preferences, TelephonyHook
from accounts.users import User


class OwnerAlreadyExists(Exception):
    """The first-run owner account can be made once, while no user exists."""


def account_prepare(*, user: User, time_zone: str = "UTC") -> Preferences:
    """Give a new user what every account has: preferences and a webhook secret.

    Runs when a user is created, by whatever route (first-run setup, the admin,
    createsuperuser), so that reads never have to create these.
    """
    preferences, created = Preferences.objects.get_or_create(
        user=user, defaults={"time_zone": time_zone}
    )
    if created:
        preferences.full_clean()
    TelephonyHook.objects.get_or_create(owner=user, defaults={"secret": secrets.token_urlsafe(32)})
    return preferences


@transaction.atomic
def owner_create(*, username: str, password: str, time_zone: str = "UTC") -> User:
    """Create the first account, a superuser, on a fresh installation."""
    User = get_user_model()
    if connection.vendor == "postgresql":
        # Two first visits at once must not both become owner.
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{User._meta.db_table}" IN EXCLUSIVE MODE')
    if User.objects.exists():
        raise OwnerAlreadyExists
    owner = User.objects.create_superuser(username=username, password=password)
    preferences_update(user=owner, time_zone=time_zone)
    return owner


class _Unset:
    """An argument not given (None means: no quiet hours)."""


_UNSET = _Unset()


@transaction.atomic
def preferences_update(
    *,
    user: User,
    time_zone: str | None = None,
    language: str | None = None,
    quiet_start: time | None | _Unset = _UNSET,
    quiet_end: time | None | _Unset = _UNSET,
) -> Preferences:
    """Change what is given; the rest stays as it was."""
    preferences = Preferences.objects.select_for_update().get(user=user)
    if time_zone is not None:
        preferences.time_zone = time_zone
    if language is not None:
        preferences.language = language
    if not isinstance(quiet_start, _Unset):
        preferences.quiet_start = quiet_start
    if not isinstance(quiet_end, _Unset):
        preferences.quiet_end = quiet_end
    preferences.full_clean()
    preferences.save()
    return preferences


TOKEN_PREFIX = "rb_"


def token_hash(secret: str) -> str:
    # The secret has 256 random bits: a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, owner: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token and its secret, which is not stored and shown only now."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        owner=owner, name=name, key_hash=token_hash(secret), prefix=secret[: len(TOKEN_PREFIX) + 6]
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)


# Recording every use would make each automated request a write; a minute is precise
# enough to tell whether a token is in use.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def api_token_mark_used(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def action_replay_save(*, owner: User, key: str, path: str, status_code: int, body: object) -> None:
    """Keep the first answer to an action with this key; a concurrent twin's is dropped."""
    try:
        with transaction.atomic():
            ActionReplay.objects.create(
                owner=owner, key=key, path=path, status_code=status_code, body=body
            )
    except IntegrityError:
        pass


# The app replays actions queued offline when it is back online; a phone can stay
# offline for days, so answers are kept a week.
ACTION_REPLAY_KEPT = timedelta(days=7)


def action_replays_prune(*, now: datetime | None = None) -> int:
    """Forget stored answers to idempotent actions older than a week."""
    cutoff = (now or timezone.now()) - ACTION_REPLAY_KEPT
    deleted, _ = ActionReplay.objects.filter(created_at__lt=cutoff).delete()
    return deleted
