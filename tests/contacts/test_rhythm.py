"""Keep in touch: a rhythm per contact or per relationship, the next touch due, and who
is drifting away, most overdue (relative to their rhythm) first."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from contacts import rhythm
from contacts.models import (
    MAX_RHYTHM_DAYS,
    MIN_RHYTHM_DAYS,
    Contact,
    Relationship,
    RelationshipRhythm,
)
from contacts.services import (
    contact_create,
    contact_rhythm_restart,
    contacts_due_refresh,
    rhythms_update,
    touch_record,
)
from tests.factories import UserFactory, at

NOW = at("2026-06-10 09:00")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_new_account_starts_with_rhythms_for_family_and_friends(db):
    user = UserFactory()

    assert dict(
        RelationshipRhythm.objects.filter(owner=user).values_list("relationship", "days")
    ) == {
        "family": 14,
        "friend": 30,
    }


def test_me_shows_and_changes_the_rhythms_by_relationship(api):
    assert api.get("/api/me/").json()["keep_in_touch_defaults"] == {"family": 14, "friend": 30}

    body = api.patch(
        "/api/me/",
        {"keep_in_touch_defaults": {"family": 7, "friend": None, "client": 90}},
        format="json",
    ).json()

    assert body["keep_in_touch_defaults"] == {"client": 90, "family": 7}


@pytest.mark.parametrize(
    "rhythms", [{"family": 0}, {"family": 731}, {"boss": 7}, {"family": "often"}]
)
def test_a_bad_rhythm_is_a_400_and_changes_nothing(api, rhythms):
    response = api.patch(
        "/api/me/", {"keep_in_touch_defaults": rhythms, "language": "de"}, format="json"
    )

    assert response.status_code == 400
    assert "keep_in_touch_defaults" in response.json()
    me = api.get("/api/me/").json()
    assert me["keep_in_touch_defaults"] == {"family": 14, "friend": 30}
    assert me["language"] == "en"


def test_a_contact_follows_its_own_rhythm_or_its_relationships(api, user):
    sister = contact_create(owner=user, name="Sister", relationship="family")
    boss = contact_create(owner=user, name="Boss", relationship="work", keep_in_touch_days=60)
    contact_create(owner=user, name="Colleague", relationship="work")
    touch_record(owner=user, contact=sister, channel="call", at=NOW - timedelta(days=3))

    got = {c["name"]: c for c in api.get("/api/contacts/").json()["results"]}

    assert got["Sister"]["rhythm_days"] == 14
    assert got["Sister"]["next_touch_due"] == "2026-06-21T09:00:00Z"
    assert got["Sister"]["days_since_touch"] == 3
    assert got["Boss"]["rhythm_days"] == 60
    assert got["Boss"]["next_touch_due"] == "2026-08-09T09:00:00Z"  # from when it was added
    assert got["Colleague"]["rhythm_days"] is None
    assert got["Colleague"]["next_touch_due"] is None
    assert boss.keep_in_touch_days == 60


@pytest.mark.parametrize("days", [0, 731, "weekly"])
def test_a_rhythm_out_of_range_is_a_400_naming_it(api, days):
    response = api.post(
        "/api/contacts/", {"name": "Anna", "keep_in_touch_days": days}, format="json"
    )

    assert response.status_code == 400
    assert "keep_in_touch_days" in response.json()


def test_drifting_lists_those_with_a_rhythm_most_overdue_relative_to_it_first(api, user):
    with time_machine.travel(NOW - timedelta(days=100), tick=False):
        weekly = contact_create(owner=user, name="Weekly", keep_in_touch_days=7)
        monthly = contact_create(owner=user, name="Monthly", relationship="friend")
        contact_create(owner=user, name="No rhythm", relationship="work")
        fresh = contact_create(owner=user, name="Fresh", relationship="family")
    touch_record(
        owner=user, contact=weekly, channel="text", at=NOW - timedelta(days=21)
    )  # 3 rhythms
    touch_record(
        owner=user, contact=monthly, channel="call", at=NOW - timedelta(days=45)
    )  # 1.5 rhythms
    touch_record(owner=user, contact=fresh, channel="meeting", at=NOW - timedelta(days=1))

    names = [c["name"] for c in api.get("/api/contacts/?drifting=true").json()["results"]]

    assert names == ["Weekly", "Monthly", "Fresh"]


def test_drifting_with_no_rhythm_anywhere_is_an_empty_list(api, user):
    api.patch(
        "/api/me/", {"keep_in_touch_defaults": {"family": None, "friend": None}}, format="json"
    )
    contact_create(owner=user, name="Anna", relationship="friend")

    assert api.get("/api/contacts/?drifting=true").json()["results"] == []


def test_drifting_after_a_dismiss_orders_by_the_true_due_moment(api, user):
    """A keep-in-touch reminder dismissed restarts the count: that contact is due in
    weeks, and ranks below one overdue for weeks, though both were last touched alike."""
    with time_machine.travel(NOW - timedelta(days=100), tick=False):
        dismissed = contact_create(owner=user, name="Dismissed", keep_in_touch_days=30)
        overdue = contact_create(owner=user, name="Overdue", keep_in_touch_days=30)
    for contact in (dismissed, overdue):
        touch_record(owner=user, contact=contact, channel="call", at=NOW - timedelta(days=60))
    contact_rhythm_restart(contact=dismissed, at=NOW - timedelta(days=1))

    listed = api.get("/api/contacts/?drifting=true").json()["results"]

    assert [c["name"] for c in listed] == ["Overdue", "Dismissed"]
    assert listed[1]["next_touch_due"] == "2026-07-09T09:00:00Z"


def test_a_relationships_new_rhythm_moves_everyone_following_it_in_one_statement(api, user):
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        family = [contact_create(owner=user, name=f"F{n}", relationship="family") for n in range(5)]
        own = contact_create(owner=user, name="Own", relationship="family", keep_in_touch_days=3)

    with CaptureQueriesContext(connection) as queries:
        rhythms_update(user=user, rhythms={"family": 7})

    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert sum('"contacts_contact"' in sql for sql in updates) == 1
    due = dict(Contact.objects.values_list("name", "next_touch_due"))
    assert {due[c.name] for c in family} == {NOW - timedelta(days=3)}
    assert due[own.name] == NOW - timedelta(days=7)


moments = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
)


@given(
    relationship=st.sampled_from(Relationship.values),
    own=st.one_of(st.none(), st.integers(MIN_RHYTHM_DAYS, MAX_RHYTHM_DAYS)),
    family_days=st.one_of(st.none(), st.integers(MIN_RHYTHM_DAYS, MAX_RHYTHM_DAYS)),
    last=moments,
    restarted=moments,
)
@settings(max_examples=60)
@pytest.mark.django_db
def test_the_rule_and_its_sql_twin_agree(relationship, own, family_days, last, restarted):
    """contacts.rhythm.due (Python) and due_sql (the database) give the same moment."""
    with transaction.atomic():
        user = UserFactory()
        rhythms_update(user=user, rhythms={"family": family_days, "friend": 30})
        contact = Contact.objects.create(
            owner=user,
            name="Anna",
            relationship=relationship,
            keep_in_touch_days=own,
            last_contacted_at=last,
            rhythm_restarted_at=restarted,
        )
        contacts_due_refresh(contacts=Contact.objects.filter(pk=contact.pk))
        defaults = dict(
            RelationshipRhythm.objects.filter(owner=user).values_list("relationship", "days")
        )
        stored = Contact.objects.get(pk=contact.pk).next_touch_due

        assert stored == rhythm.due(contact, defaults)
        transaction.set_rollback(True)
