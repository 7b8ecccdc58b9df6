"""Which country a user's phone numbers belong to when typed without a country code.

Proposed from the user's time zone (the IANA zone table, as the `tzdata` package ships
it, names each zone's country), else the installation's PHONE_DEFAULT_REGION.
"""

from functools import cache
from importlib import resources

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType


def countries_by_zone() -> dict[str, str]:
    """Each zone of the IANA table (one per place, no outdated aliases such as
    Asia/Calcutta) with its country's ISO code: what the app's zone picker offers."""
    return dict(_countries_by_zone())


@cache
def _countries_by_zone() -> dict[str, str]:
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    countries = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone, *_comment = line.split("\t")
            countries[zone] = country
    return countries


def phone_examples() -> dict[str, str]:
    """A mobile number of each country as its people write it (030 …, (201) …): the
    example beside the country picker."""
    examples = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        number = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
        if number is not None:
            examples[region] = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return examples


def default_phone_region() -> str:
    return str(settings.PHONE_DEFAULT_REGION)


def region_for_time_zone(zone: str) -> str:
    """Europe/Berlin → DE; a zone of no country (UTC) → the installation's default."""
    region = _countries_by_zone().get(zone, "")
    return region if region in phonenumbers.SUPPORTED_REGIONS else default_phone_region()


def validate_phone_region(value: str) -> None:
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(
            _("“%(value)s” is not a country code such as DE or US."),
            code="invalid_phone_region",
            params={"value": value},
        )
