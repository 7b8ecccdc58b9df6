import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.members import MEMBERS_GROUP
from accounts.services import preferences_update
from contacts.models import Contact, PhoneNumber
from contacts.services import contact_create
from reminders.models import MissedCall, RelationshipWindow, Reminder, ReminderState
from reminders.services.calls import missed_call_record
from tests.factories import StaffFactory, UserFactory, at


@pytest.fixture(autouse=True)
def _german_numbers(settings):
    settings.PHONE_DEFAULT_REGION = "DE"


def member(username: str):
    staff = StaffFactory(username=username)
    staff.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return staff


@pytest.fixture
def alice(db):
    return member("alice")


@pytest.fixture
def bob(db):
    return member("bob")


@pytest.fixture
def bobs_mum(bob):
    return contact_create(owner=bob, name="Bob's mum", numbers=[("+49301234567", "home")])


def add_form(name="Mum", number="030 1234567", **extra):
    data = {
        "name": name,
        "relationship": "family",
        "email": "",
        "preferred_channel": "call",
        "callback_window": "",
        "notes": "",
        "numbers-TOTAL_FORMS": "1",
        "numbers-INITIAL_FORMS": "0",
        "numbers-MIN_NUM_FORMS": "0",
        "numbers-MAX_NUM_FORMS": "1000",
        "numbers-0-number": number,
        "numbers-0-label": "home",
        "dates-TOTAL_FORMS": "0",
        "dates-INITIAL_FORMS": "0",
        "dates-MIN_NUM_FORMS": "0",
        "dates-MAX_NUM_FORMS": "1000",
        "touches-TOTAL_FORMS": "0",
        "touches-INITIAL_FORMS": "0",
        "touches-MIN_NUM_FORMS": "0",
        "touches-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_a_staff_user_adds_a_contact_owned_by_them_with_a_normalised_number(client, alice):
    client.force_login(alice)

    response = client.post(reverse("admin:contacts_contact_add"), add_form())

    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get()
    assert contact.owner == alice
    assert list(contact.numbers.values_list("owner", "number")) == [(alice.pk, "+49301234567")]


def test_a_bad_number_is_a_form_error_not_a_crash(client, alice):
    client.force_login(alice)

    response = client.post(reverse("admin:contacts_contact_add"), add_form(number="hello"))

    assert response.status_code == 200
    assert "is not a phone number" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_number_already_on_another_contact_is_shared_by_both(client, alice):
    # A household's landline: each of them has it.
    contact_create(owner=alice, name="Dad", numbers=[("+49301234567", "")])
    client.force_login(alice)

    response = client.post(reverse("admin:contacts_contact_add"), add_form(number="030 1234567"))

    assert response.status_code == 302
    assert Contact.objects.count() == 2
    assert PhoneNumber.objects.filter(number="+49301234567").count() == 2


def test_the_same_number_twice_in_one_form_is_a_form_error(client, alice):
    client.force_login(alice)
    data = add_form()
    data.update(
        {"numbers-TOTAL_FORMS": "2", "numbers-1-number": "+49 30 1234567", "numbers-1-label": ""}
    )

    response = client.post(reverse("admin:contacts_contact_add"), data)

    assert response.status_code == 200
    assert "is listed twice" in response.content.decode()
    assert not PhoneNumber.objects.exists()


def test_another_users_number_is_free_to_use(client, alice, bobs_mum):
    client.force_login(alice)

    response = client.post(reverse("admin:contacts_contact_add"), add_form())

    assert response.status_code == 302


def test_a_staff_user_sees_only_their_own_contacts(client, alice, bobs_mum):
    contact_create(owner=alice, name="Alice's mum")
    client.force_login(alice)

    page = client.get(reverse("admin:contacts_contact_changelist")).content.decode()

    assert "Alice&#x27;s mum" in page
    assert "Bob&#x27;s mum" not in page


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_a_staff_user_cannot_open_another_users_contact_by_url(client, alice, bobs_mum, view):
    client.force_login(alice)

    response = client.get(reverse(f"admin:contacts_contact_{view}", args=[bobs_mum.pk]))

    # The admin redirects to its index with "doesn't exist" rather than confirming it.
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_a_staff_user_cannot_change_another_users_contact_by_post(client, alice, bobs_mum):
    client.force_login(alice)

    client.post(reverse("admin:contacts_contact_change", args=[bobs_mum.pk]), add_form("Mine"))

    bobs_mum.refresh_from_db()
    assert bobs_mum.name == "Bob's mum"


def test_the_owner_field_is_not_offered_to_a_staff_user(client, alice):
    client.force_login(alice)

    page = client.get(reverse("admin:contacts_contact_add")).content.decode()

    assert 'name="owner"' not in page


def test_a_superuser_sees_everyones_contacts(client, bobs_mum):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    page = client.get(reverse("admin:contacts_contact_changelist")).content.decode()

    assert "Bob&#x27;s mum" in page


@pytest.mark.parametrize("term", ["030 1234567", "+49 30 1234567", "0049301234567", "1234567"])
def test_search_finds_a_number_typed_in_any_format(client, bob, bobs_mum, term):
    contact_create(owner=bob, name="Someone else", numbers=[("+4989111222", "")])
    client.force_login(bob)

    page = client.get(reverse("admin:contacts_contact_changelist"), {"q": term}).content.decode()

    assert "Bob&#x27;s mum" in page
    assert "Someone else" not in page


def test_reminders_and_missed_calls_are_scoped_too(client, alice, bob, bobs_mum):
    missed_call_record(owner=bob, number="+49301234567")
    client.force_login(alice)

    reminders = client.get(reverse("admin:reminders_reminder_changelist")).content.decode()
    calls = client.get(reverse("admin:reminders_missedcall_changelist")).content.decode()
    reminder = Reminder.objects.get()
    opened = client.get(reverse("admin:reminders_reminder_change", args=[reminder.pk]))

    assert "Bob&#x27;s mum" not in reminders
    assert "Bob&#x27;s mum" not in calls
    assert opened.status_code == 302


def test_the_mark_done_action_goes_through_the_service(client, bob, bobs_mum):
    missed_call_record(owner=bob, number="+49301234567")
    reminder = Reminder.objects.get()
    client.force_login(bob)

    client.post(
        reverse("admin:reminders_reminder_changelist"),
        {"action": "mark_done", "_selected_action": [reminder.pk]},
    )

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.DONE
    assert reminder.resolved_at is not None


def test_a_staff_user_cannot_act_on_another_users_reminder(client, alice, bob, bobs_mum):
    missed_call_record(owner=bob, number="+49301234567")
    reminder = Reminder.objects.get()
    client.force_login(alice)

    client.post(
        reverse("admin:reminders_reminder_changelist"),
        {"action": "dismiss", "_selected_action": [reminder.pk]},
    )

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN


def test_push_subscriptions_of_others_are_not_listed_by_django_webpush(client, alice):
    client.force_login(alice)

    response = client.get("/admin/webpush/subscriptioninfo/")

    assert response.status_code == 404


def test_a_second_window_for_the_same_relationship_is_a_form_error(client, alice):
    client.force_login(alice)
    url = reverse("admin:reminders_relationshipwindow_add")

    first = client.post(url, {"relationship": "family", "window": "360"})
    second = client.post(url, {"relationship": "family", "window": "480"})

    assert first.status_code == 302
    assert second.status_code == 200
    assert "already has its own window" in second.content.decode()
    assert RelationshipWindow.objects.get(owner=alice).window == timedelta(hours=6)


def test_a_birthday_is_added_in_the_admin_and_a_day_that_does_not_exist_is_a_form_error(
    client, alice
):
    client.force_login(alice)
    birthday = {
        "dates-TOTAL_FORMS": "1",
        "dates-0-kind": "birthday",
        "dates-0-label": "",
        "dates-0-day": "30",
        "dates-0-month": "2",
        "dates-0-year": "",
        "dates-0-remind_days_before": "0",
    }

    refused = client.post(reverse("admin:contacts_contact_add"), add_form(**birthday))
    birthday["dates-0-day"] = "29"
    added = client.post(reverse("admin:contacts_contact_add"), add_form(**birthday))

    assert refused.status_code == 200
    assert "This day does not exist." in refused.content.decode()
    assert added.status_code == 302
    [day] = Contact.objects.get(owner=alice).dates.all()
    assert (day.month, day.day, day.year) == (2, 29, None)


def list_edit(*rows: tuple[int, bool]) -> dict:
    """The changelist's inline edit of `starred`, as the admin page posts it."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, (pk, starred) in enumerate(rows):
        data[f"form-{index}-id"] = str(pk)
        if starred:
            data[f"form-{index}-starred"] = "on"
    return data


def test_starring_in_the_list_saves_my_own_contact(client, alice):
    mum = contact_create(owner=alice, name="Mum")
    client.force_login(alice)

    response = client.post(reverse("admin:contacts_contact_changelist"), list_edit((mum.pk, True)))

    assert response.status_code == 302
    mum.refresh_from_db()
    assert mum.starred is True


def test_starring_another_users_contact_in_the_list_is_a_form_error(client, alice, bobs_mum):
    mum = contact_create(owner=alice, name="Mum")
    client.force_login(alice)

    response = client.post(
        reverse("admin:contacts_contact_changelist"),
        list_edit((mum.pk, True), (bobs_mum.pk, True)),
    )

    assert response.status_code == 200
    assert "no longer in your list" in response.content.decode()
    bobs_mum.refresh_from_db()
    mum.refresh_from_db()
    assert (bobs_mum.starred, bobs_mum.owner.username, mum.starred) == (False, "bob", False)
    assert Contact.objects.count() == 2


def test_starring_a_contact_deleted_while_the_page_was_open_is_a_form_error(client, alice):
    mum = contact_create(owner=alice, name="Mum")
    dad = contact_create(owner=alice, name="Dad")
    client.force_login(alice)
    gone = dad.pk
    dad.delete()

    response = client.post(
        reverse("admin:contacts_contact_changelist"), list_edit((mum.pk, True), (gone, True))
    )

    assert response.status_code == 200
    assert "no longer in your list" in response.content.decode()
    assert list(Contact.objects.values_list("name", "starred")) == [("Mum", False)]


def test_a_call_from_a_withheld_number_is_listed_as_such(client, alice):
    missed_call_record(owner=alice, withheld=True, reason="silence on the line")
    client.force_login(alice)

    page = client.get(reverse("admin:reminders_missedcall_changelist")).content.decode()

    assert "Withheld number" in page
    assert "silence on the line" in page


def errors_of(page: str) -> dict[str, list[str]]:
    lists = re.findall(r'<ul class="errorlist" id="id_(\w+)_error">(.*?)</ul>', page, re.S)
    return {field: re.findall(r"<li>(.*?)</li>", items) for field, items in lists}


def test_a_missing_name_is_one_error(client, alice):
    client.force_login(alice)

    response = client.post(reverse("admin:contacts_contact_add"), add_form(name=""))

    assert response.status_code == 200
    assert errors_of(response.content.decode()) == {"name": ["This field is required."]}


def test_a_superuser_adding_a_contact_finds_themselves_as_the_owner(client, db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    UserFactory(username="zed")
    client.force_login(root)

    page = client.get(reverse("admin:contacts_contact_add")).content.decode()

    [selected] = re.findall(r'<option value="(\d+)" selected>', page)
    assert selected == str(root.pk)


def test_windows_are_entered_and_shown_in_minutes(client, alice):
    client.force_login(alice)

    client.post(reverse("admin:contacts_contact_add"), add_form(callback_window="120"))
    contact = Contact.objects.get()
    page = client.get(reverse("admin:contacts_contact_change", args=[contact.pk])).content
    client.post(
        reverse("admin:reminders_relationshipwindow_add"),
        {"relationship": "work", "window": "45"},
    )
    listing = client.get(reverse("admin:reminders_relationshipwindow_changelist")).content

    assert contact.callback_window == timedelta(hours=2)
    assert b'name="callback_window" value="120"' in page
    assert b"Callback window (minutes)" in page
    assert RelationshipWindow.objects.get().window == timedelta(minutes=45)
    assert b'<td class="field-window_minutes">45</td>' in listing


def test_a_window_out_of_range_is_a_form_error(client, alice):
    client.force_login(alice)

    response = client.post(reverse("admin:contacts_contact_add"), add_form(callback_window="0"))

    assert response.status_code == 200
    assert list(errors_of(response.content.decode())) == ["callback_window"]
    assert not Contact.objects.exists()


def test_times_are_shown_on_the_users_clock(client, alice):
    preferences_update(user=alice, time_zone="Europe/Berlin")
    call = missed_call_record(owner=alice, number="+49301234567", occurred_at=None)
    MissedCall.objects.filter(pk=call.pk).update(occurred_at=at("2026-03-02 10:00"))
    client.force_login(alice)

    page = client.get(reverse("admin:reminders_missedcall_changelist")).content.decode()

    # 10:00 UTC is 11:00 in Berlin in March.
    assert "11 a.m." in page
    assert "10 a.m." not in page


def test_a_rhythm_set_in_the_admin_moves_the_contacts_due_moment(client, alice):
    client.force_login(alice)

    family = contact_create(owner=alice, name="Mum", relationship="family")
    response = client.post(
        reverse("admin:contacts_contact_change", args=[family.pk]),
        add_form(keep_in_touch_days="3", **{"numbers-TOTAL_FORMS": "0"}),
    )

    assert response.status_code == 302, response.content.decode()[:3000]

    family.refresh_from_db()
    assert family.keep_in_touch_days == 3
    assert family.next_touch_due == family.created_at + timedelta(days=3)


def test_number_labels_are_shown_in_the_readers_language_and_stored_as_read(client, alice):
    # A reader in the US: the German number is shown internationally, its label in German.
    preferences_update(user=alice, language="de", phone_region="US")
    mum = contact_create(
        owner=alice, name="Mum", numbers=[("+49301234567", "home"), ("+491701234567", "Oma")]
    )
    client.force_login(alice)

    listing = client.get(reverse("admin:contacts_contact_changelist")).content.decode()
    form = client.get(reverse("admin:contacts_contact_change", args=[mum.pk])).content.decode()
    home = mum.numbers.get(label="home")
    data = add_form(
        **{
            "numbers-INITIAL_FORMS": "1",
            "numbers-0-id": str(home.pk),
            "numbers-0-contact": str(mum.pk),
            "numbers-0-number": "+49 30 1234567",
            "numbers-0-label": "Mobil",
        }
    )
    saved = client.post(reverse("admin:contacts_contact_change", args=[mum.pk]), data)

    assert "+49 30 1234567 (Privat)" in listing
    assert "(Oma)" in listing
    assert re.search(r'name="numbers-\d-label" value="Privat"', form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert sorted(mum.numbers.values_list("label", flat=True)) == ["Oma", "mobile"]
