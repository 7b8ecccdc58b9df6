from datetime import date

import pytest
import time_machine

from accounts.services import preferences_update
from tests.factories import at


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at("2026-03-02 10:00"), tick=False):
        yield


def test_the_greetings_name_you_and_your_company(api, user):
    preferences_update(user=user, display_name="Jo Weber", company="Weber AG")

    body = api.get("/api/me/greeting/").json()

    assert body == {
        "business": "You have reached Jo Weber, Weber AG. I cannot take your call at the "
        "moment. Please leave your name, your number and what it is about; I will call you "
        "back as soon as I can.",
        "personal": "Hi, this is Jo Weber. I can't answer right now. Leave me a message and "
        "I'll call you back soon.",
    }


def test_while_away_they_say_until_when_and_who_else_to_call(api, user):
    preferences_update(
        user=user,
        display_name="Jo Weber",
        away_until=date(2026, 3, 9),
        away_contact="office@example.com",
    )

    body = api.get("/api/me/greeting/").json()

    assert "I am away until March 9 and will call you back from March 10." in body["business"]
    assert "please contact office@example.com" in body["business"]
    assert "I'm away until March 9" in body["personal"]
    assert "reach me at office@example.com" in body["personal"]


def test_they_are_in_your_language_formal_for_business(api, user):
    preferences_update(user=user, language="de", company="Weber AG", away_until=date(2026, 3, 9))

    body = api.get("/api/me/greeting/").json()

    assert body["business"].startswith("Sie sind verbunden mit Weber AG.")
    assert "bis einschließlich 9. März abwesend und rufe Sie ab 10. März zurück" in body["business"]
    assert body["personal"].startswith("Hallo!")
    assert "rufe dich ab 10. März zurück" in body["personal"]


def test_without_a_name_they_still_make_sense(api, user):
    body = api.get("/api/me/greeting/").json()

    assert body["business"].startswith("Thank you for calling.")
    assert body["personal"].startswith("Hi! I can't answer right now.")


def test_a_token_may_read_them(token_api):
    assert token_api.get("/api/me/greeting/").status_code == 200
