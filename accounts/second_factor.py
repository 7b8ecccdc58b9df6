"""Two-factor sign-in: a code from an authenticator app (TOTP, RFC 6238), or one of ten
recovery codes, after the password, through django-otp's TOTP and static devices.

A user turns it on in Settings: Ringback makes a secret (shown as a QR code and as text),
and keeps it only once a code made from it has been typed back. From then on every way to
sign in (the app, the admin) asks for a code after the right password. Wrong codes count
in the sign-in lock like wrong passwords (accounts.lockout), and each device slows its own
guessers down as well (django-otp doubles the wait after each wrong code). Recovery codes
are shown once, each works once, and new ones replace all the old.
"""

from base64 import b32encode

import segno
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.request import Request

from accounts.users import User

RECOVERY_CODES = 10


def has_second_factor(user: User) -> bool:
    return user_has_device(user)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_begin(*, user: User) -> TOTPDevice:
    """A new secret, not used for signing in until a code made from it is confirmed."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)


def enrolment_shown(device: TOTPDevice) -> dict[str, str]:
    """What the app shows to set up an authenticator: the otpauth:// address, as a QR
    code too (an SVG data: URI, for an <img>), and the secret in groups of four to type
    by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return {
        "otpauth_url": device.config_url,
        "qr_image": segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


def enrolment_confirm(*, user: User, code: str) -> list[str] | None:
    """Turns two-factor sign-in on when `code` comes from the new secret: the new
    recovery codes; None when the code is not right (or nothing was begun)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None or not device.verify_token(_plain(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_renew(user=user)


def recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def second_factor_remove(*, user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def second_factor_check(request: HttpRequest | Request, *, user: User, code: str) -> Device | None:
    """The device this code is from (a recovery code is used up), or None; a wrong code
    is counted by the sign-in lock as a failed sign-in of this account."""
    device = _verified_by(user, _plain(code)) if code else None
    if device is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return device


def _verified_by(user: User, code: str) -> Device | None:
    """The device that made this code. Six digits are the authenticator's; anything else
    a recovery code. Each code is tried on its own kind of device only (django-otp
    advises against match_token): a wrong app code does not make the recovery codes
    wait, nor the other way round."""
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in kind.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def second_factor_waiting(user: User) -> bool:
    """Whether the devices still make a guesser wait after a wrong code (django-otp's
    throttle): then even the right code is refused for a moment, and should be told."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user))


def _plain(code: str) -> str:
    # People type the spaces and dashes they see: "123 456", "abcd-efgh".
    return "".join(code.split()).replace("-", "").lower()
