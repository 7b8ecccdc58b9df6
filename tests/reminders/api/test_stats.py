"""/api/stats/ against a constructed history: every number worked out by hand."""

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.services import contact_create
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record, reminder_complete, reminder_dismiss
from tests.factories import at

NOW = at("2026-03-30 12:00")
KEYS = (
    "missed",
    "called_back_in_window",
    "share",
    "median_first_attempt_minutes",
    "overdue_now",
    "pending",
)


@pytest.fixture
def history(user, other_user):
    def person(name, relationship, number):
        return contact_create(
            owner=user, name=name, relationship=relationship, numbers=[(number, "")]
        )

    with time_machine.travel(at("2026-02-01 10:00"), tick=False) as clock:
        boss = person("Boss", "work", "+49301111111")
        client = person("Client", "client", "+49302222222")
        mum = person("Mum", "family", "+49303333333")
        anna = person("Anna", "friend", "+49304444444")
        # Outside the last 30 days, inside 90: a friend called back after 60 minutes.
        old = missed_call_record(owner=user, contact=anna).reminder
        clock.move_to(at("2026-02-01 11:00"))
        reminder_complete(reminder=old, resolution="called_back")

        # Work: reached after 20 minutes, within the hour.
        clock.move_to(at("2026-03-10 09:00"))
        work = missed_call_record(owner=user, contact=boss).reminder
        clock.move_to(at("2026-03-10 09:20"))
        attempt_record(reminder=work, channel="call", outcome="reached")

        # Client: called back after 2 hours, an hour late.
        clock.move_to(at("2026-03-11 09:00"))
        late = missed_call_record(owner=user, contact=client).reminder
        clock.move_to(at("2026-03-11 11:00"))
        reminder_complete(reminder=late, resolution="called_back")

        # Client: no answer after 10 minutes (a fresh window until 10:10), reached at 10:00.
        clock.move_to(at("2026-03-12 09:00"))
        retried = missed_call_record(owner=user, contact=client).reminder
        clock.move_to(at("2026-03-12 09:10"))
        attempt_record(reminder=retried, channel="call", outcome="no_answer")
        clock.move_to(at("2026-03-12 10:00"))
        attempt_record(reminder=retried, channel="call", outcome="reached")

        # Family: texted after 6 hours, within the day; a second call still waits, overdue.
        clock.move_to(at("2026-03-20 10:00"))
        texted = missed_call_record(owner=user, contact=mum).reminder
        clock.move_to(at("2026-03-20 16:00"))
        reminder_complete(reminder=texted, resolution="texted")
        clock.move_to(at("2026-03-29 10:00"))
        missed_call_record(owner=user, contact=mum)

        # Unknown numbers: one dismissed, one still within its day.
        clock.move_to(at("2026-03-25 08:00"))
        unknown = missed_call_record(owner=user, number="+49305555555").reminder
        clock.move_to(at("2026-03-25 09:00"))
        reminder_dismiss(reminder=unknown)
        clock.move_to(at("2026-03-30 11:00"))
        missed_call_record(owner=user, number="+49306666666")

        # Someone else's history counts nowhere here.
        missed_call_record(owner=other_user, number="+49307777777")

        clock.move_to(NOW)
        yield


def by_relationship(body):
    return {row["relationship"]: {key: row[key] for key in KEYS} for row in body["relationships"]}


def numbers(missed, kept, share, median, overdue, pending=0):
    return dict(zip(KEYS, (missed, kept, share, median, overdue, pending), strict=True))


def test_the_last_30_days_match_the_history(api, history):
    response = api.get("/api/stats/?days=30")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["days"] == 30
    assert body["since"] == "2026-02-28T12:00:00Z"
    rows = by_relationship(body)
    assert list(rows) == [
        "family", "friend", "partner", "date", "work", "client", "other", "unknown"
    ]  # fmt: skip
    assert rows["work"] == numbers(1, 1, 1.0, 20.0, 0)
    assert rows["client"] == numbers(2, 1, 0.5, 65.0, 0)  # median of 120 and 10 minutes
    assert rows["family"] == numbers(2, 1, 0.5, 360.0, 1)
    # The second unknown caller still has time: pending, neither in time nor missed.
    assert rows["unknown"] == numbers(2, 0, 0.0, None, 0, pending=1)
    assert rows["friend"] == numbers(0, 0, None, None, 0)
    # Median of 10, 20, 120 and 360 minutes.
    assert body["total"] == numbers(7, 3, 0.5, 70.0, 1, pending=1)


def test_the_last_90_days_include_the_older_call(api, history):
    body = api.get("/api/stats/?days=90").json()

    assert by_relationship(body)["friend"] == numbers(1, 1, 1.0, 60.0, 0)
    assert body["total"] == numbers(8, 4, 0.571, 60.0, 1, pending=1)


def test_labels_are_in_the_users_language(api, user, history):
    preferences_update(user=user, language="de")

    rows = {
        row["relationship"]: row["label"] for row in api.get("/api/stats/").json()["relationships"]
    }

    assert rows["family"] == "Familie"
    assert rows["unknown"] == "Unbekannte Nummer"


def test_without_days_it_is_the_last_30(api, history):
    assert api.get("/api/stats/").json()["days"] == 30


@pytest.mark.parametrize("days", ["7", "31", "abc", "30.0"])
def test_other_periods_are_a_400_naming_days(api, user, days):
    response = api.get(f"/api/stats/?days={days}")

    assert response.status_code == 400
    assert "days" in response.json()


def test_a_new_account_has_zeros_and_nulls(api, user):
    body = api.get("/api/stats/?days=365").json()

    assert body["total"] == numbers(0, 0, None, None, 0)


def test_a_callback_with_time_left_is_pending_not_missed(api, user):
    with time_machine.travel(at("2026-03-30 09:00"), tick=False) as clock:
        mum = contact_create(owner=user, name="Mum", relationship="family")
        missed_call_record(owner=user, contact=mum)  # a day to call back: until tomorrow
        clock.move_to(at("2026-03-30 10:00"))
        body = api.get("/api/stats/").json()

    family = by_relationship(body)["family"]
    assert (family["missed"], family["pending"], family["share"]) == (1, 1, None)
    assert body["total"]["share"] is None
