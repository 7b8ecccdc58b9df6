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


def delivery_for(
    user,
    number: str,
    *,
    status_code: int,
    error: str = "",
    endpoint: str = "",
    outcome: str = "permanent",
    status: str = "failed",
) -> Delivery:
    reminder = missed_call_record(owner=user, number=number, source=Source.API).reminder
    delivery = Delivery.objects.create(
        reminder=reminder,
        step_seq=reminder.step_seq,
        step="identify",
        endpoint=endpoint or f"https://fcm.googleapis.com/fcm/send/{user.username}",
        status=status,
    )
    DeliveryAttempt.objects.create(
        delivery=delivery, at=timezone.now(), outcome=outcome, status_code=status_code,
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


def test_deliveries_can_be_filtered_by_push_service(client):
    alice, bob = member("alice"), member("bob")
    fcm = delivery_for(alice, "+4930111111", status_code=403)
    apple = delivery_for(
        alice, "+4930222222", status_code=403, endpoint="https://web.push.apple.com/QGhx"
    )
    apple_too = delivery_for(
        alice, "+4930333333", status_code=201, endpoint="https://api.push.apple.com/3/d"
    )
    delivery_for(
        bob, "+4930444444", status_code=403,
        endpoint="https://updates.push.services.mozilla.com/wpush/v2/g",
    )  # fmt: skip
    client.force_login(alice)

    listing = client.get("/admin/reminders/delivery/", {"push_service": "push.apple.com"})
    everything = client.get("/admin/reminders/delivery/")

    assert set(listing.context["cl"].result_list) == {apple, apple_too}
    assert fcm in everything.context["cl"].result_list
    [services] = [f for f in everything.context["cl"].filter_specs if f.title == "push service"]
    # Only the services among her own deliveries: Bob's Mozilla is none of her business.
    assert [name for name, _ in services.lookup_choices] == ["fcm.googleapis.com", "push.apple.com"]
    assert b'<td class="field-push_service">push.apple.com</td>' in everything.content


def test_deliveries_can_be_filtered_by_an_attempts_outcome_and_by_status(client):
    alice = member("alice")
    refused = delivery_for(alice, "+4930111111", status_code=403)
    sent = delivery_for(alice, "+4930222222", status_code=201, outcome="sent", status="sent")
    gone = delivery_for(alice, "+4930333333", status_code=410, outcome="gone", status="gone")
    client.force_login(alice)

    def shown(**query):
        response = client.get("/admin/reminders/delivery/", query)
        return set(response.context["cl"].result_list)

    assert shown(outcome="permanent") == {refused}
    assert shown(outcome="gone") == {gone}
    assert shown(status="sent") == {sent}
    assert shown(status="failed", outcome="permanent") == {refused}
