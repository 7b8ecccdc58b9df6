import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from contacts.models import PhoneNumber
from contacts.phone import format_for_display, normalize_number
from contacts.services import contact_create, contact_number_add
from tests.factories import ContactFactory


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("030 1234567", "DE", "+49301234567"),
        ("+49 30 1234567", "US", "+49301234567"),
        ("0049 (30) 123-4567", "US", "+49301234567"),
        ("(201) 555-0123", "US", "+12015550123"),
        ("+1 201.555.0123", "DE", "+12015550123"),
        ("0151 12345678", "DE", "+4915112345678"),
        ("  +44 20 7946 0958  ", "US", "+442079460958"),
    ],
)
def test_it_normalises_national_and_international_formats(raw, region, e164):
    assert normalize_number(raw, region) == e164


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "hello", "12", "+999 123", "0" * 41, "+4930", "+49 30 12345678901234567", "☎"],
)
def test_it_turns_junk_into_a_validation_error(junk):
    with pytest.raises(ValidationError):
        normalize_number(junk, "DE")


def test_it_uses_the_default_region_setting_for_national_numbers(settings):
    settings.PHONE_DEFAULT_REGION = "DE"
    assert normalize_number("030 1234567") == "+49301234567"
    settings.PHONE_DEFAULT_REGION = "GB"
    assert normalize_number("020 7946 0958") == "+442079460958"


def test_a_number_added_in_any_format_is_stored_in_e164(user):
    contact = contact_create(owner=user, name="Mum", numbers=[("+49 (30) 123 4567", "home")])

    assert list(contact.numbers.values_list("number", flat=True)) == ["+49301234567"]


def test_a_bad_number_names_the_field_and_stores_nothing(user):
    with pytest.raises(ValidationError) as error:
        contact_create(owner=user, name="Mum", numbers=[("not a number", "")])

    assert "number" in error.value.message_dict
    assert not user.contacts.exists()


def test_two_contacts_of_one_user_may_share_a_number(user):
    mum = contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    dad = ContactFactory(owner=user, name="Dad")

    contact_number_add(contact=dad, number="+49 30 1234567")

    assert mum.numbers.get().number == dad.numbers.get().number == "+49301234567"


def test_the_database_itself_refuses_a_number_twice_for_one_contact(user):
    first = ContactFactory(owner=user)
    PhoneNumber.objects.create(owner=user, contact=first, number="+49301234567")

    with pytest.raises(IntegrityError):
        PhoneNumber.objects.create(owner=user, contact=first, number="+49301234567")


def test_the_database_refuses_a_national_number_that_is_not_flagged(user):
    contact = ContactFactory(owner=user)

    with pytest.raises(IntegrityError):
        PhoneNumber.objects.create(owner=user, contact=contact, number="030 1234567")


def test_a_number_that_cannot_be_read_is_kept_as_typed_when_flagged(user):
    contact = ContactFactory(owner=user)
    phone = PhoneNumber(owner=user, contact=contact, number=" 555 0123 ", needs_country_code=True)

    phone.full_clean()
    phone.save()

    assert (phone.number, phone.needs_country_code) == ("555 0123", True)
    assert str(phone) == "555 0123"


def test_a_flagged_number_that_becomes_readable_loses_its_flag(user):
    contact = ContactFactory(owner=user)
    phone = PhoneNumber(owner=user, contact=contact, number="+49 30 1234567 ext. 89")
    phone.needs_country_code = True

    phone.full_clean()

    assert (phone.number, phone.extension, phone.needs_country_code) == (
        "+49301234567",
        "89",
        False,
    )


def test_cleaning_an_international_number_asks_the_database_nothing(
    user, django_assert_num_queries
):
    contact = ContactFactory(owner=user)
    phone = PhoneNumber(owner=user, contact=contact, number="+49 30 1234567")

    with django_assert_num_queries(0):
        phone.clean()


def test_two_users_may_both_have_the_same_number(user, other_user):
    contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    contact_create(owner=other_user, name="Their mum", numbers=[("+49301234567", "")])

    assert PhoneNumber.objects.filter(number="+49301234567").count() == 2


@pytest.mark.parametrize(
    ("e164", "region", "shown"),
    [
        ("+49301234567", "DE", "030 1234567"),
        ("+49301234567", "US", "+49 30 1234567"),
        ("+12015550123", "US", "(201) 555-0123"),
        ("+12015550123", None, "+1 201-555-0123"),
    ],
)
def test_a_number_is_shown_nationally_at_home_and_internationally_abroad(e164, region, shown):
    assert format_for_display(e164, region) == shown


def test_the_api_shows_a_contacts_number_in_the_users_format(api, user):
    user.preferences.phone_region = "DE"
    user.preferences.save()

    response = api.post(
        "/api/contacts/",
        {"name": "Kai", "numbers": [{"number": "+49301234567"}, {"number": "+12015550123"}]},
        format="json",
    )

    assert [n["display"] for n in response.json()["numbers"]] == [
        "030 1234567",
        "+1 201-555-0123",
    ]
