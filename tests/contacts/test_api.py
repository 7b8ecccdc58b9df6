import pytest

from contacts.models import Contact
from contacts.services import contact_create
from reminders.models import MissedCall, Reminder
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record


def test_create_with_numbers_in_any_format(api, user):
    response = api.post(
        "/api/contacts/",
        {
            "name": "Mum",
            "relationship": "family",
            "callback_window": 120,
            "numbers": [{"number": "0049 30 1234567", "label": "home"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["callback_window"] == 120
    assert body["numbers"][0]["number"] == "+49301234567"
    assert body["numbers"][0]["display"] == "+49 30 1234567"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "Mum", "numbers": [{"number": "12"}]}, "numbers"),
        ({"name": "Mum", "relationship": "boss"}, "relationship"),
        ({"name": "Mum", "email": "not an address"}, "email"),
        ({"name": "Mum", "callback_window": 0}, "callback_window"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(api, payload, field):
    response = api.post("/api/contacts/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Contact.objects.exists()


def test_a_number_of_another_contact_is_shared_a_household_landline(api, user):
    contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])

    response = api.post(
        "/api/contacts/", {"name": "Dad", "numbers": [{"number": "+49 30 1234567"}]}, format="json"
    )

    assert response.status_code == 201
    assert sorted(Contact.objects.values_list("name", "numbers__number")) == [
        ("Dad", "+49301234567"),
        ("Mum", "+49301234567"),
    ]


def test_update_replaces_numbers_and_keeps_the_ones_that_stay(api, user):
    mum = contact_create(
        owner=user, name="Mum", numbers=[("+49301234567", "home"), ("+4915112345678", "mobile")]
    )
    kept = mum.numbers.get(number="+49301234567")

    response = api.patch(
        f"/api/contacts/{mum.pk}/",
        {
            "numbers": [
                {"number": "+49 (30) 1234567", "label": "landline"},
                {"number": "+4930999999"},
            ]
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    numbers = {n["number"]: (n["id"], n["label"]) for n in response.json()["numbers"]}
    assert numbers.keys() == {"+49301234567", "+4930999999"}
    assert numbers["+49301234567"] == (kept.pk, "landline")


def test_search_by_name_or_any_number_format_and_filters(api, user):
    contact_create(owner=user, name="Mum", relationship="family", numbers=[("+49301234567", "")])
    contact_create(owner=user, name="Boss", relationship="work", starred=True)

    def names(query: str) -> list[str]:
        return [c["name"] for c in api.get(f"/api/contacts/{query}").json()["results"]]

    assert names("?search=mu") == ["Mum"]
    assert names("?search=030 1234567") == ["Mum"]
    assert names("?search=%2B49301234567") == ["Mum"]
    assert names("?relationship=work") == ["Boss"]
    assert names("?starred=true") == ["Boss"]
    assert names("?archived=false") == ["Boss", "Mum"]
    assert api.get("/api/contacts/?starred=maybe").status_code == 400


def test_delete_removes_the_contact_with_their_history(api, user):
    mum = contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    call = missed_call_record(owner=user, contact=mum)

    assert api.delete(f"/api/contacts/{mum.pk}/").status_code == 204
    assert not MissedCall.objects.filter(pk=call.pk).exists()
    assert not Reminder.objects.filter(pk=call.reminder_id).exists()


def test_history_lists_reminders_newest_first_with_calls_and_attempts(api, user):
    mum = contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    first = missed_call_record(owner=user, contact=mum, reason="Dinner").reminder
    attempt_record(reminder=first, channel="call", outcome="reached")
    second = missed_call_record(owner=user, contact=mum).reminder

    body = api.get(f"/api/contacts/{mum.pk}/history/").json()

    assert [r["id"] for r in body["results"]] == [second.pk, first.pk]
    assert body["results"][1]["missed_calls"][0]["reason"] == "Dinner"
    assert body["results"][1]["attempts"][0]["outcome"] == "reached"


def test_an_update_that_fails_on_one_number_changes_nothing(api, user):
    contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    dad = contact_create(owner=user, name="Dad", numbers=[("+4930999999", "home")])

    response = api.patch(
        f"/api/contacts/{dad.pk}/",
        {"name": "Father", "numbers": [{"number": "+4930888888"}, {"number": "12"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "12" in response.json()["numbers"][0]
    dad.refresh_from_db()
    assert dad.name == "Dad"
    assert list(dad.numbers.values_list("number", "label")) == [("+4930999999", "home")]
