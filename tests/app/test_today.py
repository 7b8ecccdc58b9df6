"""The Today card at Pixel 7 size, in English and German: one primary action (what the
etiquette proposes now), a quiet row for the rest, one countdown format, an unknown
caller shown once and saved as a contact, No answer asking when you are free, Undo."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.services import contact_create
from project.catalogue import app_words
from reminders.models import Attempt, Outcome, Reminder, ReminderKind, ReminderState
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors

# Everything on a card one can tap.
TARGETS = """card => [...card.querySelectorAll("a, button")]
  .filter(node => node.offsetParent !== null)
  .map(node => ({text: node.textContent.trim(), height: node.getBoundingClientRect().height,
                 filled: getComputedStyle(node).backgroundColor !== "rgba(0, 0, 0, 0)"}))"""


@pytest.fixture(params=["en", "de"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


@pytest.fixture
def client(owner):
    return contact_create(
        owner=owner, name="Acme", relationship="client", numbers=[("+4940555000", "")]
    )


@pytest.fixture
def friend(owner):
    return contact_create(
        owner=owner,
        name="Kai",
        relationship="friend",
        email="kai@example.org",
        numbers=[("+4930999888", "")],
    )


def test_a_card_has_one_primary_action_the_proposal(
    page, owner, client, friend, language, artifacts
):
    words = app_words(language)
    errors = watch_errors(page)
    missed_call_record(owner=owner, contact=client, reason="the offer")
    failed = missed_call_record(owner=owner, contact=friend).reminder
    for _ in range(2):
        attempt_record(reminder=failed, channel="call", outcome=Outcome.NO_ANSWER)
    sign_in(page.context, "alice", PASSWORD)

    page.goto("/today")

    acme = page.locator(".card", has_text="Acme")
    kai = page.locator(".card", has_text="Kai")
    expect(acme.locator("a.primary")).to_have_text(words["action.call"])
    expect(acme.locator("a.primary")).to_have_attribute("href", "tel:+4940555000")
    # After two unanswered calls the etiquette says: write.
    expect(kai.locator("a.primary")).to_have_text(words["action.text"])
    expect(kai.locator("a.primary")).to_have_attribute("href", re.compile(r"^sms:"))
    expect(kai.locator(".progress")).to_contain_text(words["tries"][1].format(count=2))
    for card in (acme, kai):
        targets = card.evaluate(TARGETS)
        filled = [t["text"] for t in targets if t["filled"]]
        assert filled == [card.locator("a.primary").inner_text()]
        assert min(t["height"] for t in targets) >= 48, targets
    left = acme.locator(".left").inner_text()
    pattern = words["left"].replace("{time}", words["span.minutes"].replace("{m}", r"\d+"))
    assert re.fullmatch(pattern, left), left
    shot(page, artifacts, f"today-cards-{language}")

    kai.get_by_role("button", name=words["action.more"]).click()
    expect(kai.get_by_role("button", name=words["outcome.choice.voicemail"])).to_be_visible()
    call = kai.get_by_role("link", name=words["action.call"])
    expect(call).to_have_attribute("href", re.compile("^tel:"))
    shot(page, artifacts, f"today-more-{language}")
    assert errors == []


def test_an_unknown_caller_shows_once_and_is_saved_as_a_contact(page, owner, artifacts):
    errors = watch_errors(page)
    reminder = missed_call_record(owner=owner, number="+49 170 1234567", source="api").reminder
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")

    card = page.locator(".card")
    expect(card.get_by_text("Unknown number")).to_be_visible()
    assert card.inner_text().count("1234567") == 1
    card.get_by_role("link", name="Save as contact").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add a contact")
    expect(page.get_by_label("Phone number")).to_have_value("+491701234567")
    page.get_by_label("Name").fill("Kai")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kai")
    expect(page).to_have_url(re.compile(rf"/reminders/{reminder.id}$"))
    reminder.refresh_from_db()
    assert reminder.contact.name == "Kai"
    assert reminder.kind == ReminderKind.CALLBACK
    assert errors == []


def test_no_answer_asks_when_you_are_free(page, owner, client, artifacts):
    errors = watch_errors(page)
    reminder = missed_call_record(owner=owner, contact=client).reminder
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")
    card = page.locator(".card", has_text="Acme")

    card.get_by_role("button", name="No answer").click()
    expect(card.get_by_text("When are you free to talk?")).to_be_visible()
    shot(page, artifacts, "today-no-answer")
    before = timezone.now()
    card.get_by_role("button", name=re.compile("^In an hour")).click()

    expect(page.get_by_text("Ringback will remind you to try again.")).to_be_visible()
    attempt = Attempt.objects.get(reminder=reminder)
    assert (attempt.channel, attempt.outcome) == ("call", Outcome.NO_ANSWER)
    in_an_hour = timezone.now() + timedelta(hours=1)
    assert before + timedelta(minutes=59) <= attempt.free_from <= in_an_hour
    expect(page.locator(".card", has_text="Acme").locator(".progress")).to_contain_text(
        "1 try so far"
    )
    assert errors == []


def test_done_can_be_undone_for_a_few_seconds(page, owner, client, language):
    words = app_words(language)
    errors = watch_errors(page)
    reminder = missed_call_record(owner=owner, contact=client).reminder
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")

    page.locator(".card", has_text="Acme").get_by_role("button", name=words["action.done"]).click()
    expect(page.locator(".card", has_text="Acme")).to_have_count(0)
    assert Reminder.objects.get(pk=reminder.pk).state == ReminderState.DONE
    page.locator("#toast").get_by_role("button", name=words["action.undo"]).click()

    expect(page.locator(".card", has_text="Acme")).to_be_visible()
    assert Reminder.objects.get(pk=reminder.pk).state == ReminderState.OPEN
    assert errors == []


def test_the_reminder_screen_shows_tries_the_proposal_and_what_comes_next(
    page, owner, friend, artifacts
):
    errors = watch_errors(page)
    reminder = missed_call_record(owner=owner, contact=friend).reminder
    attempt_record(reminder=reminder, channel="call", outcome=Outcome.NO_ANSWER)
    sign_in(page.context, "alice", PASSWORD)
    page.goto(f"/reminders/{reminder.id}")

    progress = page.locator(".progress")
    expect(progress).to_contain_text("1 try so far")
    expect(progress).to_contain_text("Now: Call")
    # The apology is due at once (its push goes out now): what comes next is the retry.
    expect(progress).to_contain_text("Next: a reminder to try again")
    page.get_by_role("button", name="More").click()
    page.get_by_role("button", name="Left a voicemail").click()
    expect(page.get_by_text("When are you free to talk?")).to_be_visible()
    shot(page, artifacts, "reminder-voicemail")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the time picker scrolls sideways"
    page.get_by_role("button", name=re.compile("^Tomorrow morning")).click()

    expect(page).to_have_url(re.compile(r"/today$"))
    latest = Attempt.objects.filter(reminder=reminder).latest("id")
    assert latest.outcome == Outcome.VOICEMAIL
    # Tomorrow morning on the phone's clock.
    phone_zone = ZoneInfo(page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone"))
    assert timezone.localtime(latest.free_from, phone_zone).hour == 9
    page.locator(".card", has_text="Kai").get_by_role("button", name="More").click()
    page.get_by_role("button", name="Texted").click()

    expect(page.locator(".card", has_text="Kai")).to_have_count(0)
    reminder.refresh_from_db()
    assert (reminder.state, reminder.resolution) == (ReminderState.DONE, "texted")
    assert errors == []
