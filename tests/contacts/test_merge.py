"""Two contacts who are one person become one: numbers, e-mail, days, touches, reminders
and missed calls move to the one kept; nothing of another user's is reachable."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.members import MEMBERS_GROUP
from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.models import Contact, Touch
from contacts.services import DateInput, contact_create, touch_record
from reminders.models import MissedCall, Reminder, Source
from reminders.services.calls import missed_call_record
from tests.factories import at

NOW = at("2026-06-10 09:00")


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.PHONE_DEFAULT_REGION = "DE"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def twins(user):
    keep = contact_create(
        owner=user,
        name="Anna Schmidt",
        numbers=[("+49 170 1234567", "mobile")],
        dates=[DateInput(kind="birthday", yearly=YearlyDate(3, 22))],
    )
    other = contact_create(
        owner=user,
        name="Anna S.",
        numbers=[("+49 170 1234567", ""), ("+49 89 12345678", "work")],
        email="anna@example.org",
        notes="From the phone",
        dates=[
            DateInput(kind="birthday", yearly=YearlyDate(3, 22, 1985)),
            DateInput(kind="anniversary", yearly=YearlyDate(5, 20)),
        ],
    )
    return keep, other


def test_merging_moves_everything_the_kept_contact_lacks(api, user, twins):
    keep, other = twins
    touch_record(owner=user, contact=other, channel="meeting", at=NOW - timedelta(days=2))
    missed_call_record(owner=user, contact=keep, source=Source.API)
    missed_call_record(owner=user, contact=other, source=Source.API)

    response = api.post(f"/api/contacts/{keep.pk}/merge/", {"other": other.pk}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert [n["number"] for n in body["numbers"]] == ["+491701234567", "+498912345678"]
    assert (body["email"], body["notes"]) == ("anna@example.org", "From the phone")
    assert sorted(d["kind"] for d in body["dates"]) == ["anniversary", "birthday"]
    assert not Contact.objects.filter(pk=other.pk).exists()
    assert Touch.objects.get().contact_id == keep.pk
    reminder = Reminder.objects.get()
    assert (reminder.contact_id, reminder.call_count) == (keep.pk, 2)
    assert set(MissedCall.objects.values_list("contact", "reminder")) == {(keep.pk, reminder.pk)}


def test_another_users_contact_cannot_be_merged(api, other_api, user, other_user, twins):
    keep, _other = twins
    stranger = contact_create(owner=other_user, name="Stranger")

    mine_into_theirs = other_api.post(
        f"/api/contacts/{stranger.pk}/merge/", {"other": keep.pk}, format="json"
    )
    theirs_into_mine = api.post(
        f"/api/contacts/{keep.pk}/merge/", {"other": stranger.pk}, format="json"
    )
    itself = api.post(f"/api/contacts/{keep.pk}/merge/", {"other": keep.pk}, format="json")

    assert mine_into_theirs.status_code == 400 and "other" in mine_into_theirs.json()
    assert theirs_into_mine.status_code == 400 and "other" in theirs_into_mine.json()
    assert itself.status_code == 400
    assert Contact.objects.count() == 3


@pytest.fixture
def admin_client(client, user):
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    client.force_login(user)
    return client


def test_the_admin_shows_both_contacts_side_by_side_before_merging(admin_client, user, twins):
    keep, other = twins
    preferences_update(user=user, language="de")

    page = admin_client.post(
        reverse("admin:contacts_contact_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, other.pk]},
    )

    assert page.status_code == 200
    assert Contact.objects.count() == 2
    html = page.content.decode()
    sides = re.findall(r'<th scope="col" data-contact="(\d+)">', html)
    assert sides == [str(keep.pk), str(other.pk)]
    assert re.search(rf'name="keep" value="{keep.pk}" checked', html)
    assert "+49 170 1234567 (Mobil)" in html
    assert "+49 89 12345678 (Arbeit)" in html
    assert "anna@example.org" in html and "From the phone" in html
    assert "Geburtstag" in html
    assert 'name="post" value="yes"' in html


def test_confirming_merges_into_the_contact_chosen_to_keep(admin_client, twins):
    keep, other = twins

    response = admin_client.post(
        reverse("admin:contacts_contact_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, other.pk], "post": "yes",
         "keep": other.pk},
        follow=True,
    )  # fmt: skip

    assert response.status_code == 200
    assert list(Contact.objects.values_list("name", flat=True)) == ["Anna S."]
    assert other.numbers.count() == 2
    assert other.dates.count() == 2
