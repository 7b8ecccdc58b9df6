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
MAX_EXTENSION_LENGTH = 20
_DIGITS = re.compile(r"\d")
# DTMF written after the number with a pause (p) or wait (w), as phones store them;
# phonenumbers reads ",", "x", "ext." and ";ext=" itself.
_DTMF = re.compile(r"^(?P<number>.*?\d)\s*(?P<extension>[pPwW][\dpPwW*#,]*)$")
# Fewer digits than this is no number anyone can call (a stray "-" or "n/a").
MIN_KEPT_DIGITS = 3


def normalize_number(raw: str, region: str | None = None) -> str:
    """The number in E.164, or a ValidationError that says what is wrong with it."""
    return format_e164(parse_number(raw, region))


def parse_number(raw: str, region: str | None = None) -> phonenumbers.PhoneNumber:
    """The number read and checked (its extension too), or a ValidationError."""
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
    return parsed


def format_e164(parsed: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def split_number(raw: str, region: str | None = None) -> tuple[str, str]:
    """(E.164, extension): the extension or DTMF digits that follow the number, kept
    (";ext=89", "x89", ",89", "p89"); a ValidationError as normalize_number's."""
    text = (raw or "").strip()
    extension = ""
    if match := _DTMF.match(text):
        text, extension = match["number"], match["extension"]
    parsed = parse_number(text, region)
    extension = extension or parsed.extension or ""
    return format_e164(parsed), extension[:MAX_EXTENSION_LENGTH]


def keepable_number(text: str) -> bool:
    """Whether a number that cannot be read is still kept, as typed, flagged as needing
    a country code: it has digits to call and fits the field."""
    return len(text) <= MAX_INPUT_LENGTH and len(digits_of(text)) >= MIN_KEPT_DIGITS


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
