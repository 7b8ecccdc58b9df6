"""Two-factor sign-in in the admin: who has it, never its key; a superuser turns it off
for someone who lost their phone and their recovery codes, a member cannot."""

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.members import MEMBERS_GROUP
from accounts.second_factor import enrolment_begin, recovery_codes_renew
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    anna = UserFactory(username="anna")
    device = enrolment_begin(user=anna)
    device.confirmed = True
    device.save()
    recovery_codes_renew(user=anna)
    return anna


def test_a_superuser_sees_who_has_it_but_not_the_key(client, anna):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    device = TOTPDevice.objects.get(user=anna)

    listing = client.get("/admin/accounts/twofactorsignin/").content.decode()
    detail = client.get(f"/admin/accounts/twofactorsignin/{device.pk}/change/").content.decode()

    assert "anna" in listing
    assert device.key not in listing + detail
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_a_superuser_turns_it_off(client, anna):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    device = TOTPDevice.objects.get(user=anna)

    response = client.post(
        "/admin/accounts/twofactorsignin/",
        {"action": "turn_off", "_selected_action": [device.pk]},
        follow=True,
    )

    assert "password alone signs in" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=anna).exists()
    assert not StaticDevice.objects.filter(user=anna).exists()


def test_a_member_can_neither_see_nor_turn_it_off(client, anna):
    member = StaffFactory(username="bob")
    member.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    client.force_login(member)
    device = TOTPDevice.objects.get(user=anna)

    listing = client.get("/admin/accounts/twofactorsignin/")
    client.post(
        "/admin/accounts/twofactorsignin/", {"action": "turn_off", "_selected_action": [device.pk]}
    )

    assert listing.status_code == 403
    assert TOTPDevice.objects.filter(user=anna).exists()
