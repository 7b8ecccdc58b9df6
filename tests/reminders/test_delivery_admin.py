import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.members import MEMBERS_GROUP
from reminders.models import Delivery, DeliveryAttempt, Source
from reminders.services.calls import missed_call_record
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def member(username: str):
    staff = StaffFactory(username=username)
    staff.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return staff


def delivery_for(user, number: str, *, status_code: int, error: str = "") -> Delivery:
    reminder = missed_call_record(owner=user, number=number, source=Source.API).reminder
    delivery = Delivery.objects.create(
        reminder=reminder,
        step_seq=reminder.step_seq,
        step="identify",
        endpoint=f"https://fcm.googleapis.com/fcm/send/{user.username}",
        status="failed",
    )
    DeliveryAttempt.objects.create(
        delivery=delivery, at=timezone.now(), outcome="permanent", status_code=status_code,
        error=error, duration_ms=12,
    )  # fmt: skip
    return delivery


def test_a_member_sees_only_their_own_deliveries_with_each_attempt(client):
    alice, bob = member("alice"), member("bob")
    mine = delivery_for(alice, "+4930111111", status_code=413, error="Payload Too Large")
    theirs = delivery_for(bob, "+4930222222", status_code=400)
    client.force_login(alice)

    listing = client.get("/admin/reminders/delivery/")
    detail = client.get(f"/admin/reminders/delivery/{mine.pk}/change/")
    other = client.get(f"/admin/reminders/delivery/{theirs.pk}/change/")

    assert list(listing.context["cl"].result_list) == [mine]
    assert detail.status_code == 200
    assert b"Payload Too Large" in detail.content
    assert b"413" in detail.content
    assert other.status_code == 302  # the admin's "does not exist" redirect
