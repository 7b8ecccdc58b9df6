import pytest
from django.contrib.auth.models import Group

from accounts.members import MEMBERS_GROUP
from sources.models import Source
from sources.sealing import seal
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def member(username: str):
    staff = StaffFactory(username=username)
    staff.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return staff


def source_of(user) -> Source:
    return Source.objects.create(
        owner=user, kind="carddav", url="https://dav.example/", username=user.username,
        sealed_password=seal("never-shown"), last_error="The server refused this password.",
    )  # fmt: skip


def test_a_member_sees_only_their_own_sources_and_never_a_password(client):
    alice, bob = member("alice"), member("bob")
    mine, theirs = source_of(alice), source_of(bob)
    client.force_login(alice)

    listing = client.get("/admin/sources/source/")
    detail = client.get(f"/admin/sources/source/{mine.pk}/change/")
    other = client.get(f"/admin/sources/source/{theirs.pk}/change/")

    assert list(listing.context["cl"].result_list) == [mine]
    assert detail.status_code == 200
    assert b"The server refused this password." in detail.content
    assert mine.sealed_password.encode() not in detail.content
    assert b"never-shown" not in detail.content
    assert other.status_code == 302
    assert client.get("/admin/sources/source/add/").status_code == 403
