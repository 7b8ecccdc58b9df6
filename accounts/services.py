"""Writes on accounts: the first owner, what every new user gets, preferences, tokens."""

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import (
    ActionReplay,
    ApiToken,
    CalendarFeed,
    Preferences,
    ReplayState,
    TelephonyHook,
)
from accounts.regions import region_for_time_zone
from accounts.users import User


class OwnerAlreadyExists(Exception):
    """The first-run owner account can be made once, while no user exists."""


def account_prepare(*, user: User) -> None:
    """Give a new user what every account has: default preferences, a webhook secret and
    a calendar feed secret.

    Runs when a user is created, by whatever route (first-run setup, the admin,
    createsuperuser), so that reads never have to create these.
    """
    Preferences.objects.get_or_create(user=user)
    TelephonyHook.objects.get_or_create(owner=user, defaults={"secret": secrets.token_urlsafe(32)})
    CalendarFeed.objects.get_or_create(owner=user, defaults={"secret": new_calendar_secret()})


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """A new secret for the user's calendar URL; the old URL answers 404 from now on."""
    feed, _created = CalendarFeed.objects.update_or_create(
        owner=user, defaults={"secret": new_calendar_secret()}
    )
    return feed


@transaction.atomic
def owner_create(
    *, username: str, password: str, time_zone: str = "UTC", language: str = "en"
) -> User:
    """Create the first account, a superuser, on a fresh installation."""
    User = get_user_model()
    if connection.vendor == "postgresql":
        # Two first visits at once must not both become owner.
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{User._meta.db_table}" IN EXCLUSIVE MODE')
    if User.objects.exists():
        raise OwnerAlreadyExists
    owner = User.objects.create_superuser(username=username, password=password)
    # Numbers typed without a country code are most likely from where they live.
    # Set up on the phone in its language and zone: nothing left to ask.
    preferences_update(
        user=owner,
        time_zone=time_zone,
        language=language,
        phone_region=region_for_time_zone(time_zone),
        locale_confirmed=True,
    )
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
    quiet_start: time | _Unset | None = _UNSET,
    quiet_end: time | _Unset | None = _UNSET,
    phone_region: str | None = None,
    digest_time: time | None = None,
    digest_by: str | None = None,
    display_name: str | None = None,
    company: str | None = None,
    away_until: date | _Unset | None = _UNSET,
    away_contact: str | None = None,
    locale_confirmed: bool | None = None,
    text_channel: str | None = None,
) -> Preferences:
    """Change what is given; the rest stays as it was. `away_until` None ends away mode."""
    preferences = Preferences.objects.select_for_update().get(user=user)
    if time_zone is not None:
        preferences.time_zone = time_zone
    if language is not None:
        preferences.language = language
    if not isinstance(quiet_start, _Unset):
        preferences.quiet_start = quiet_start
    if not isinstance(quiet_end, _Unset):
        preferences.quiet_end = quiet_end
    if phone_region is not None:
        preferences.phone_region = phone_region.strip().upper()
    if digest_time is not None:
        preferences.digest_time = digest_time
    if digest_by is not None:
        preferences.digest_by = digest_by
    if display_name is not None:
        preferences.display_name = display_name.strip()
    if company is not None:
        preferences.company = company.strip()
    if away_contact is not None:
        preferences.away_contact = away_contact.strip()
    if locale_confirmed is not None:
        preferences.locale_confirmed = locale_confirmed
    if text_channel is not None:
        preferences.text_channel = text_channel
    if not isinstance(away_until, _Unset):
        # Checked only when set: a stored day that has passed stays valid (away mode is over).
        today = timezone.now().astimezone(preferences.zone).date()
        if away_until is not None and away_until < today:
            raise ValidationError({"away_until": gettext_lazy("Give today or a later day.")})
        preferences.away_until = away_until
    preferences.full_clean()
    preferences.save()
    # Kept on the user, as preferences_of(user) reads them for the rest of the request.
    user.preferences = preferences
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


def action_replay_claim(
    *,
    owner: User,
    key: str,
    path: str,
    request_hash: str,
    abandoned_before: datetime,
) -> tuple[ActionReplay, bool]:
    """Claim an idempotency key before its action runs. Returns (row, claimed): when
    claimed is False the row is someone else's — pending (still running) or done.

    The unique constraint decides a race: only one insert wins. A pending claim made
    before `abandoned_before` belongs to a request that died, and is taken over.
    """
    for _ in range(3):
        try:
            with transaction.atomic():
                claim = ActionReplay(owner=owner, key=key, path=path, request_hash=request_hash)
                claim.full_clean(validate_unique=False, validate_constraints=False)
                claim.save()
                return claim, True
        except IntegrityError:
            pass
        earlier = ActionReplay.objects.filter(owner=owner, key=key).first()
        if earlier is None:
            continue  # released (or pruned) in between: claim again
        if earlier.request_hash == request_hash and earlier.state == ReplayState.PENDING:
            # One conditional UPDATE: of two retries taking over, one wins.
            now = timezone.now()
            taken = ActionReplay.objects.filter(
                pk=earlier.pk, state=ReplayState.PENDING, created_at__lt=abandoned_before
            ).update(created_at=now)
            if taken == 1:
                earlier.created_at = now
                return earlier, True
        return earlier, False
    raise RuntimeError("could not claim an idempotency key after 3 tries")


def action_replay_finish(*, claim: ActionReplay, status_code: int, body: object) -> None:
    """Keep the answer of a claimed action, for its retries."""
    ActionReplay.objects.filter(pk=claim.pk, state=ReplayState.PENDING).update(
        state=ReplayState.DONE, status_code=status_code, body=body
    )


def action_replay_release(*, claim: ActionReplay) -> None:
    """The action failed: forget the claim, so that a retry runs it."""
    ActionReplay.objects.filter(pk=claim.pk, state=ReplayState.PENDING).delete()


# The app replays actions queued offline when it is back online; a phone can stay
# offline for days, so answers are kept a week.
ACTION_REPLAY_KEPT = timedelta(days=7)


def action_replays_prune(*, now: datetime | None = None) -> int:
    """Forget stored answers to idempotent actions older than a week."""
    cutoff = (now or timezone.now()) - ACTION_REPLAY_KEPT
    deleted, _ = ActionReplay.objects.filter(created_at__lt=cutoff).delete()
    return deleted
