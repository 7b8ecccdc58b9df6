"""Away mode: every suggested text says when the user is back and how else to reach
them; the reminders do not pile up; the voicemail greetings say it too."""

import re
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Preferences
from accounts.services import preferences_update
from contacts.dates import YearlyDate
from contacts.models import DateKind
from contacts.services import DateInput, contact_create
from reminders.actions import reminder_text
from reminders.models import Reminder, Source
from reminders.plans import situation_of, step_after
from reminders.selectors import windows_for
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import rhythm_reminders_open
from reminders.services.transitions import attempt_record
from tests.factories import at
from tests.push_receiver import subscribe

NOW = at("2026-03-02 10:00")
AWAY = {"away_until": "2026-03-09", "away_contact": "office@example.com"}
GERMAN_INFORMAL = re.compile(r"\b(du|dir|dich|dein\w*)\b", re.IGNORECASE)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def away(user, **changes):
    preferences_update(user=user, away_until=date(2026, 3, 9), **changes)


@pytest.fixture
def callers(user, frozen):
    """A client (formal), a friend (informal), a date and an unknown number, each with
    a missed call; and a friend whose callback went unanswered."""
    people = [
        ("Dr. Schmidt GmbH", "client", "+49301111111", "Frau Schmidt"),
        ("Anna Weber", "friend", "+49301111112", ""),
        ("Kim", "date", "+49301111113", ""),
        ("Ben Roth", "friend", "+49301111114", ""),
    ]
    reminders = {}
    for name, relationship, number, greeting in people:
        contact = contact_create(
            owner=user,
            name=name,
            relationship=relationship,
            greeting=greeting,
            numbers=[(number, "")],
        )
        reminders[name] = missed_call_record(owner=user, contact=contact).reminder
    reminders["unknown"] = missed_call_record(owner=user, number="+49309999999").reminder
    attempt_record(
        reminder=reminders["Ben Roth"],
        channel="call",
        outcome="no_answer",
        free_from=NOW + timedelta(hours=8),
    )
    return reminders


def texts(api) -> dict[int, str]:
    return {r["id"]: r["suggested_text"] for r in api.get("/api/reminders/").json()["results"]}


def test_me_shows_and_changes_the_away_settings(api, user, frozen):
    assert {
        key: api.get("/api/me/").json()[key]
        for key in ("away_until", "away_contact", "display_name", "company")
    } == {"away_until": None, "away_contact": "", "display_name": "", "company": ""}

    response = api.patch(
        "/api/me/", {**AWAY, "display_name": "Jo Weber", "company": "Weber AG"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["away_until"], body["away_contact"]) == ("2026-03-09", "office@example.com")
    assert (body["display_name"], body["company"]) == ("Jo Weber", "Weber AG")


def test_away_mode_is_cleared_with_null_or_empty(api, user, frozen):
    api.patch("/api/me/", AWAY, format="json")

    body = api.patch("/api/me/", {"away_until": None, "away_contact": None}, format="json").json()
    api.patch("/api/me/", {"away_contact": "x"}, format="json")
    emptied = api.patch("/api/me/", {"away_contact": ""}, format="json").json()

    assert (body["away_until"], body["away_contact"]) == (None, "")
    assert emptied["away_contact"] == ""
    assert Preferences.objects.get(user=user).away_until is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"away_until": "2026-03-01"}, "away_until"),
        ({"away_until": "next week"}, "away_until"),
        ({"away_contact": "x" * 201}, "away_contact"),
        ({"display_name": "x" * 101}, "display_name"),
        ({"away": True}, "away"),
    ],
)
def test_bad_away_settings_are_a_400_naming_the_field(api, user, frozen, payload, field):
    response = api.patch("/api/me/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Preferences.objects.get(user=user).away_until is None


def test_today_is_the_users_today(api, user):
    # 20:00 UTC on March 2nd is already March 3rd in Auckland.
    with time_machine.travel(at("2026-03-02 20:00"), tick=False):
        preferences_update(user=user, time_zone="Pacific/Auckland")
        refused = api.patch("/api/me/", {"away_until": "2026-03-02"}, format="json")
        taken = api.patch("/api/me/", {"away_until": "2026-03-03"}, format="json")

    assert refused.status_code == 400
    assert taken.status_code == 200


def test_every_callback_text_says_in_one_message_when_you_are_back(api, user, callers, frozen):
    away(user, away_contact="office@example.com")

    after = texts(api)

    assert set(after) == {reminder.pk for reminder in callers.values()}
    for name in ("Dr. Schmidt GmbH", "Anna Weber", "Kim"):
        text = after[callers[name].pk]
        # No "I'll call you back soon" next to "away until the 9th".
        assert "until March 9 and will call you back from March 10." in text, text
        assert not re.search(r"\b(soon|shortly)\b", text), text
        assert text.endswith("you can reach me at office@example.com."), text
    # Free to talk while away: said in the same sentence as the absence.
    tried = after[callers["Ben Roth"].pk]
    assert re.search(r"I'm away until March 9 but free to talk from \d\d:\d\d — call me", tried)
    assert tried.count("away") == 1, tried


def test_an_unknown_caller_is_addressed_formally_and_gets_no_private_address(
    api, user, callers, frozen
):
    away(user, away_contact="anna.private@example.com", language="de")

    text = texts(api)[callers["unknown"].pk]

    assert "anna.private@example.com" not in text
    assert "ab dem 10. März wieder erreichbar" in text, text
    assert not GERMAN_INFORMAL.search(text), text


def test_wishes_and_the_day_after_a_date_say_nothing_of_being_away(user, frozen):
    contact_create(
        owner=user,
        name="Anna",
        relationship="friend",
        numbers=[("+4915112345678", "")],
        dates=[DateInput(kind=DateKind.BIRTHDAY, yearly=YearlyDate(3, 2, 1990))],
    )
    rhythm_reminders_open()
    away(user, away_contact="office@example.com")
    birthday = Reminder.objects.get(kind="occasion")
    preferences = Preferences.objects.get(user=user)
    situation = situation_of(birthday, preferences=preferences, windows=windows_for(user), now=NOW)

    text = reminder_text(birthday, situation, language="en", now=NOW)

    assert text == "Hi Anna, happy birthday! All the best to you!"


def test_while_away_german_texts_keep_each_contacts_register(api, user, callers, frozen):
    away(user, away_contact="office@example.com", language="de")

    after = texts(api)

    client = after[callers["Dr. Schmidt GmbH"].pk]
    assert client.startswith("Guten Tag Frau Schmidt")
    assert "bis einschließlich 9. März" in client
    assert client.endswith("erreichen Sie mich unter office@example.com.")
    assert not GERMAN_INFORMAL.search(client), client
    friend = after[callers["Anna Weber"].pk]
    assert friend.endswith("erreichst du mich unter office@example.com."), friend


def test_without_another_way_to_reach_you_the_text_only_says_when_you_are_back(
    api, user, callers, frozen
):
    away(user)

    text = texts(api)[callers["Anna Weber"].pk]

    assert text.endswith("I'm away until March 9 and will call you back from March 10.")


def test_after_the_last_day_away_the_texts_say_nothing_of_it(api, user, callers):
    away(user, away_contact="office@example.com")
    with time_machine.travel(at("2026-03-09 23:30"), tick=False):
        assert all("March 9" in text for text in texts(api).values())
    with time_machine.travel(at("2026-03-10 00:30"), tick=False):
        assert not any("March 9" in text for text in texts(api).values())


def test_the_push_offers_the_same_text_with_the_away_note(user, api, receiver, dispatch):
    device = subscribe(receiver, user)
    preferences_update(
        user=user, away_until=timezone.now().date(), away_contact="office@example.com"
    )
    anna = contact_create(
        owner=user, name="Anna", relationship="friend", numbers=[("+4915112345678", "")]
    )
    reminder = missed_call_record(owner=user, contact=anna, source=Source.API).reminder

    dispatch()

    [pushed] = receiver.delivered(device)
    [text] = [a["url"] for a in pushed.payload["actions"] if a["action"] == "text"]
    listed = api.get(f"/api/reminders/{reminder.pk}/").json()
    assert "office@example.com" in unquote(text)
    assert unquote(text).endswith(listed["suggested_text"])
    # Away: the first push went out, and no nudge, final warning or overdue follows it.
    assert Reminder.objects.get().next_step == ""


@pytest.mark.parametrize(
    ("sent", "now", "expected"),
    [
        ("prompt", "2026-03-02 22:00", None),  # the nudge is held back
        ("nudge", "2026-03-03 08:00", None),  # the final warning too
        ("final", "2026-03-03 10:00", None),  # and the overdue push
    ],
)
def test_while_away_no_further_steps_follow(user, callers, sent, now, expected):
    reminder = callers["Anna Weber"]
    preferences = Preferences.objects.get(user=user)
    preferences.away_until = date(2026, 3, 9)

    step = step_after(reminder, sent=sent, preferences=preferences, now=at(now), windows={})

    assert step is expected


def test_while_away_the_retry_you_asked_for_still_comes(user, callers):
    reminder = Reminder.objects.get(pk=callers["Ben Roth"].pk)
    preferences = Preferences.objects.get(user=user)
    preferences.away_until = date(2026, 3, 9)

    step = step_after(reminder, sent="apology", preferences=preferences, now=NOW, windows={})

    assert step is not None
    assert (step.kind, step.at) == ("retry", NOW + timedelta(hours=8))


def test_when_not_away_the_nudge_follows_the_prompt(user, callers):
    preferences = Preferences.objects.get(user=user)

    step = step_after(
        callers["Anna Weber"],
        sent="prompt",
        preferences=preferences,
        now=NOW,
        windows={},
    )

    assert step is not None
    assert step.kind == "nudge"
