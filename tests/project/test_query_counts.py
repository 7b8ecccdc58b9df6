"""List endpoints cost a fixed number of queries however many rows they show, and a
read writes nothing (the first one included: no warming up)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


IDENTITY_TABLES = ('"django_session"', '"auth_user"', '"accounts_apitoken"')


def _logging_a_call(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/missed-calls/", {"number": "+49301234567", "reason": "hi"}, format="json"
        )
    assert response.status_code == 201
    return [query["sql"] for query in queries.captured_queries]


def test_logging_a_call_costs_the_same_with_a_token_and_with_the_session(api, token_api, user):
    """How the caller is known differs (a session row and the user, or the token with
    its owner); from then on the same statements run, and the preferences are read once:
    with the token's own query, or once for the session."""
    contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    _logging_a_call(token_api)  # the token's first use is recorded once

    by_token, by_session = _logging_a_call(token_api), _logging_a_call(api)

    def after_identity(statements: list[str]) -> list[str]:
        """Each statement's verb and table, past those that identify the caller."""
        shapes = [
            " ".join(re.findall(r'^\w+|(?:FROM|INTO|UPDATE) "\w+"', sql)[:2]) for sql in statements
        ]
        return [
            shape
            for shape in shapes
            if not any(table in shape for table in (*IDENTITY_TABLES, '"accounts_preferences"'))
        ]

    assert after_identity(by_token) == after_identity(by_session)
    assert 'INSERT INTO "reminders_missedcall"' in after_identity(by_token)
    assert sum('"accounts_preferences"' in sql for sql in by_session) == 1
    assert sum('"accounts_preferences"' in sql for sql in by_token) == 1
    assert len(by_token) == len(by_session) - 2  # the session row and the user
