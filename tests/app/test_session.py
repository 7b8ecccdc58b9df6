"""The callback session at Pixel 7 size, in English and German: the due callbacks one
after another, most urgent first, with their reasons and notes, a prepared note, Call
and an outcome for each; it opens offline too."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.services import contact_create
from project.catalogue import app_words
from reminders.models import Attempt, Outcome, Reminder, ReminderState
from reminders.services.calls import missed_call_record
from tests.app.browser import wait_for_cached
from tests.app.test_phone_flow import shot, watch_errors


@pytest.fixture(params=["en", "de"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


@pytest.fixture
def waiting(owner):
    """Three callbacks: a client (an hour), a friend (a day), an unknown number."""
    acme = contact_create(
        owner=owner,
        name="Acme",
        relationship="client",
        notes="Prefers mornings.",
        numbers=[("+4940555000", "")],
    )
    kai = contact_create(owner=owner, name="Kai", relationship="friend", numbers=[("+4930999", "")])
    missed_call_record(owner=owner, contact=acme, reason="the price of the offer")
    missed_call_record(owner=owner, contact=acme, reason="and the delivery date")
    missed_call_record(owner=owner, contact=kai, reason="Saturday")
    missed_call_record(owner=owner, number="+491701234567", source="api")
    return {
        r.contact.name if r.contact else r.number: r for r in Reminder.objects.filter(owner=owner)
    }


def test_a_session_walks_three_callbacks_with_outcomes(app_page, waiting, language, artifacts):
    words = app_words(language)
    page = app_page
    errors = watch_errors(page)
    page.reload()
    wait_for_cached(page, "/api/reminders/")

    page.get_by_role("link", name=words["session.start"]).click()

    expect(page).to_have_url(re.compile(r"/session$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")
    expect(page.locator(".progress-count")).to_have_text(
        words["session.progress"].format(n=1, total=3)
    )
    # Quoted as the language writes it: „…“ in German, “…” in English.
    opening, closing = ("\u201e", "\u201c") if language == "de" else ("\u201c", "\u201d")
    expect(page.get_by_text(f"{opening}the price of the offer{closing}")).to_be_visible()
    expect(page.get_by_text(f"{opening}and the delivery date{closing}")).to_be_visible()
    expect(page.get_by_text("Prefers mornings.")).to_be_visible()
    expect(page.locator("a.primary")).to_have_attribute("href", "tel:+4940555000")
    page.get_by_label(words["session.prepare"]).fill("Offer: 1,200 €; delivery in May")
    page.get_by_role("button", name=words["session.save_note"]).click()
    expect(page.get_by_text(words["toast.saved"])).to_be_visible()
    assert Reminder.objects.get(pk=waiting["Acme"].pk).notes.startswith("Offer: 1,200 €")
    shot(page, artifacts, f"session-{language}")
    page.get_by_role("button", name=words["outcome.choice.reached"], exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kai")
    expect(page.locator(".progress-count")).to_have_text(
        words["session.progress"].format(n=2, total=3)
    )
    page.get_by_role("button", name=words["action.no_answer"]).click()
    page.get_by_role("button", name=re.compile("^" + words["free.hour"])).click()

    expect(page.locator(".progress-count")).to_have_text(
        words["session.progress"].format(n=3, total=3)
    )
    expect(page.get_by_text(words["unknown"])).to_be_visible()
    page.get_by_role("button", name=words["outcome.choice.texted"]).click()

    expect(page.get_by_text(words["session.finished"])).to_be_visible()
    shot(page, artifacts, f"session-finished-{language}")
    states = {who: Reminder.objects.get(pk=r.pk) for who, r in waiting.items()}
    assert states["Acme"].resolution == "called_back"
    assert states["Kai"].state == ReminderState.OPEN
    assert Attempt.objects.get(reminder=states["Kai"]).outcome == Outcome.NO_ANSWER
    assert states["+491701234567"].resolution == "texted"
    assert errors == []


def test_a_session_works_offline_and_its_outcomes_reach_the_server_once(app_page, waiting):
    page = app_page
    page.reload()
    wait_for_cached(page, "/api/reminders/")
    page.context.set_offline(True)
    try:
        page.goto("/session")
        expect(page.get_by_role("heading", level=1)).to_have_text("Acme")
        expect(page.locator(".progress-count")).to_have_text("1 of 3")
        page.get_by_role("button", name="Reached them").click()
        expect(page.get_by_text("Saved on the phone")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kai")
        page.get_by_role("button", name="Texted").click()
        expect(page.locator(".progress-count")).to_have_text("3 of 3")

        # Opened again offline: what was done waits in the outbox, and is not shown.
        page.goto("/session")
        expect(page.locator(".progress-count")).to_have_text("1 of 1")
        expect(page.get_by_text("Unknown number")).to_be_visible()
        assert Reminder.objects.filter(state=ReminderState.OPEN).count() == 3
    finally:
        page.context.set_offline(False)

    expect(page.get_by_text("Sent what you did offline.")).to_be_visible()
    assert Reminder.objects.get(pk=waiting["Acme"].pk).resolution == "called_back"
    assert Reminder.objects.get(pk=waiting["Kai"].pk).resolution == "texted"
    assert Attempt.objects.count() == 2
