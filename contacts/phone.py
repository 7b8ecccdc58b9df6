"""Phone numbers in, E.164 out.

Numbers arrive typed by hand, from phone automations and from telephony webhooks, in
national and international formats. Stored numbers are always E.164, so that the same
number written two ways matches one contact.
"""

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_INPUT_LENGTH = 40
_DIGITS = re.compile(r"\d")


def normalize_number(raw: str, region: str | None = None) -> str:
    """The number in E.164, or a ValidationError that says what is wrong with it."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    if len(text) > MAX_INPUT_LENGTH:
        raise ValidationError(
            _("A phone number has at most %(max)d characters."),
            code="max_length",
            params={"max": MAX_INPUT_LENGTH},
        )
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region or settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid", params={"value": raw}
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid phone number; add the country code (e.g. +49…) "
                "if it is from abroad."
            ),
            code="invalid",
            params={"value": raw},
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalize(raw: str, region: str | None = None) -> str | None:
    """Like normalize_number, but None for anything that is not a valid number."""
    try:
        return normalize_number(raw, region)
    except ValidationError:
        return None


def digits_of(raw: str) -> str:
    return "".join(_DIGITS.findall(raw or ""))


def format_for_display(e164: str, region: str | None = None) -> str:
    """A stored number spaced for reading: as people write it at home when it is of the
    user's own country (`region`: 030 1234567), else international (+49 30 1234567)."""
    try:
        parsed = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    if region and phonenumbers.region_code_for_number(parsed) == region.upper():
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
