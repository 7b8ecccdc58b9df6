import pytest
from django.contrib.auth.models import Group

from accounts.members import MEMBERS_GROUP
from reminders.services.calls import missed_call_record
from reminders.services.notes import reminder_notes_update
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_the_admin_shows_the_notes_prepared_for_a_callback(client):
    alice = StaffFactory(username="alice")
    alice.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    reminder = missed_call_record(owner=alice, number="+4930111111").reminder
    reminder_notes_update(reminder=reminder, notes="Quote them 1,200 a month")
    client.force_login(alice)

    page = client.get(f"/admin/reminders/reminder/{reminder.pk}/change/")

    assert page.status_code == 200
    assert "Quote them 1,200 a month" in page.content.decode()
