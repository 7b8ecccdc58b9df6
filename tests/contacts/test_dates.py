"""Birthdays, anniversaries and other days, with or without the year."""

from datetime import date

import pytest
import time_machine

from contacts.dates import YearlyDate, parse_yearly
from contacts.models import ContactDate
from contacts.services import contact_create
from tests.factories import at


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at("2027-02-20 12:00"), tick=False):
        yield


def test_29_february_falls_on_the_28th_in_a_year_without_one():
    leap = YearlyDate(2, 29, 1996)

    assert leap.on(2027) == date(2027, 2, 28)
    assert leap.on(2028) == date(2028, 2, 29)
    assert leap.next_from(date(2027, 3, 1)) == date(2028, 2, 29)
    assert leap.years_on(date(2028, 2, 29)) == 32


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-03-22", YearlyDate(3, 22, 1980)),
        ("--03-22", YearlyDate(3, 22)),
        ("--0322", YearlyDate(3, 22)),
        ("--02-29", YearlyDate(2, 29)),
    ],
)
def test_it_reads_a_day_with_or_without_the_year(text, expected):
    assert parse_yearly(text) == expected


@pytest.mark.parametrize("text", ["1981-02-29", "--02-30", "--13-01", "22.03.1980", "--3-22"])
def test_a_day_that_does_not_exist_is_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 (date's own message varies)
        parse_yearly(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("--02-31", "This day does not exist."),
        ("1981-02-29", "This day does not exist."),
        ("22.03.1980", "Give the day as YYYY-MM-DD, or --MM-DD without the year."),
        ("", "Give the day."),
    ],
)
def test_a_wrong_day_is_refused_saying_what_is_wrong(api, text, message):
    response = api.post(
        "/api/contacts/", {"name": "Anna", "dates": [{"date": text}]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"dates": {"0": {"date": [message]}}}


def test_a_contact_is_created_with_days_and_shows_the_next_one_and_the_age(api):
    response = api.post(
        "/api/contacts/",
        {
            "name": "Anna",
            "dates": [
                {"kind": "birthday", "date": "1990-02-21", "remind_days_before": 3},
                {"kind": "anniversary", "label": "Wedding", "date": "--02-14"},
            ],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    birthday, wedding = sorted(response.json()["dates"], key=lambda d: d["kind"], reverse=True)
    assert birthday["date"] == "1990-02-21"
    assert birthday["next"] == "2027-02-21"
    assert birthday["years"] == 37
    assert birthday["remind_days_before"] == 3
    assert wedding["date"] == "--02-14"
    assert wedding["next"] == "2028-02-14"
    assert wedding["years"] is None


def test_today_is_the_users_own_day(api, user):
    user.preferences.time_zone = "Pacific/Kiritimati"  # UTC+14: already the 21st there
    user.preferences.save()
    contact_create(owner=user, name="Anna")
    contact = api.get("/api/contacts/").json()["results"][0]
    api.patch(f"/api/contacts/{contact['id']}/", {"dates": [{"date": "--02-20"}]}, format="json")

    [row] = api.get(f"/api/contacts/{contact['id']}/").json()["dates"]

    assert row["next"] == "2028-02-20"


def test_updating_the_days_keeps_those_given_by_id_and_drops_the_rest(api, user):
    created = api.post(
        "/api/contacts/",
        {"name": "Anna", "dates": [{"date": "--01-01"}, {"date": "--06-01", "kind": "other"}]},
        format="json",
    ).json()
    first = created["dates"][0]

    updated = api.patch(
        f"/api/contacts/{created['id']}/",
        {"dates": [{"id": first["id"], "date": "--01-02"}]},
        format="json",
    ).json()

    assert [(d["id"], d["date"]) for d in updated["dates"]] == [(first["id"], "--01-02")]
    assert ContactDate.objects.count() == 1


@pytest.mark.parametrize(
    "entry",
    [
        {"date": "1981-02-29"},
        {"date": "tomorrow"},
        {"date": "--02-10", "remind_days_before": 31},
        {"date": "--02-10", "kind": "nameday"},
        {"date": 19800322},
    ],
)
def test_a_bad_day_is_a_400_naming_dates_and_stores_nothing(api, entry):
    response = api.post("/api/contacts/", {"name": "Anna", "dates": [entry]}, format="json")

    assert response.status_code == 400, response.json()
    assert "dates" in response.json()
    assert not ContactDate.objects.exists()
