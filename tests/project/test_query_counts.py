"""List endpoints cost a fixed number of queries however many rows they show, and a
read writes nothing (the first one included: no warming up)."""

import pytest

from accounts.services import api_token_create
from contacts.services import contact_create
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record

MAX_QUERIES = 12


def _fill(user, people: int) -> None:
    for n in range(people):
        contact = contact_create(
            owner=user,
            name=f"Person {n}",
            numbers=[(f"+493012{n:05d}", "home"), (f"+49151234{n:05d}", "mobile")],
        )
        reminder = missed_call_record(owner=user, contact=contact, reason="hi").reminder
        missed_call_record(owner=user, contact=contact)
        attempt_record(reminder=reminder, channel="call", outcome="no_answer")
        missed_call_record(owner=user, number=f"+498912{n:05d}")
        api_token_create(owner=user, name=f"token {n}")


LISTS = ["/api/contacts/", "/api/reminders/", "/api/missed-calls/", "/api/tokens/", "/api/me/"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("people", [1, 30])
def test_a_list_costs_a_bounded_number_of_queries(
    api, user, path, people, django_assert_max_num_queries
):
    _fill(user, people)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get(path)

    assert response.status_code == 200


@pytest.mark.parametrize("people", [1, 30])
def test_a_contacts_history_costs_a_bounded_number_of_queries(
    api, user, people, django_assert_max_num_queries
):
    contact = contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    for _ in range(people):
        reminder = missed_call_record(owner=user, contact=contact, reason="hi").reminder
        attempt_record(reminder=reminder, channel="call", outcome="reached")

    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get(f"/api/contacts/{contact.pk}/history/")

    assert response.json()["count"] == people
