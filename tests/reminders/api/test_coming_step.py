"""Today and the reminder page name one next step, from the API's `coming_step`: after
"No answer" the apology is due at once (its push goes out now), so what they name is the
retry at the time the user is free — never the apology at a time already past."""

import pytest
import time_machine

from accounts.services import preferences_update
from contacts.services import contact_create
from reminders.models import Reminder, Source
from reminders.policy import Step, StepKind, step_to_show
from reminders.services.calls import missed_call_record
from tests.factories import at

NOW = at("2026-06-10 06:00")  # 08:00 in Berlin


@pytest.fixture
def reminder(user) -> Reminder:
    preferences_update(user=user, time_zone="Europe/Berlin", language="de")
    anna = contact_create(
        owner=user, name="Anna", relationship="friend", numbers=[("+4915112345678", "")]
    )
    with time_machine.travel(NOW, tick=False):
        return missed_call_record(owner=user, contact=anna, source=Source.API).reminder


def _coming(api, reminder: Reminder) -> tuple[str, str | None]:
    listed = next(r for r in api.get("/api/reminders/").json()["results"] if r["id"] == reminder.pk)
    alone = api.get(f"/api/reminders/{reminder.pk}/").json()
    assert (listed["coming_step"], listed["coming_step_at"]) == (
        alone["coming_step"],
        alone["coming_step_at"],
    )
    return alone["coming_step"], alone["coming_step_at"]


def test_it_names_the_retry_once_the_apology_is_due(api, reminder):
    with time_machine.travel(NOW, tick=False):
        api.post(
            f"/api/reminders/{reminder.pk}/attempts/",
            {"channel": "call", "outcome": "no_answer", "free_from": "2026-06-10T18:00"},
            format="json",
        )
    reminder.refresh_from_db()
    assert reminder.next_step == StepKind.APOLOGY
    assert reminder.next_step_at is not None and reminder.next_step_at <= NOW

    with time_machine.travel(at("2026-06-10 06:19"), tick=False):
        assert _coming(api, reminder) == ("retry", "2026-06-10T16:00:00Z")  # 18:00 Berlin


def test_it_names_the_stored_step_while_it_is_to_come(api, reminder):
    # As the dispatcher leaves it once the first prompt went out.
    Reminder.objects.filter(pk=reminder.pk).update(
        next_step=StepKind.NUDGE, next_step_at=at("2026-06-10 18:00")
    )
    with time_machine.travel(at("2026-06-10 07:00"), tick=False):
        assert _coming(api, reminder) == ("nudge", "2026-06-10T18:00:00Z")


def test_the_rule_never_names_a_past_time():
    now = at("2026-06-10 12:00")
    due = Step(StepKind.APOLOGY, at("2026-06-10 11:00"))
    later = Step(StepKind.RETRY, at("2026-06-10 16:00"))
    assert step_to_show(due, later, now=now) == later
    assert step_to_show(later, None, now=now) == later
    assert step_to_show(due, Step(StepKind.FINAL, now), now=now) is None
    assert step_to_show(None, later, now=now) is None
