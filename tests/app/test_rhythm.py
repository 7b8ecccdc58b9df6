"""The relationship rhythm on the phone, in English and German: Today's three sections
(Call back, Today, Get in touch), "We talked" from a card and from the contact screen."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.dates import YearlyDate
from contacts.models import DateKind, Touch
from contacts.services import DateInput, contact_create, touch_record
from project.catalogue import app_words
from reminders.models import Reminder, ReminderKind, ReminderState
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import rhythm_reminders_open
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors


@pytest.fixture(params=["en", "de"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


@pytest.fixture
def mum(owner):
    """Family, last in touch three weeks ago: the fortnightly rhythm is due."""
    mum = contact_create(
        owner=owner, name="Mum", relationship="family", numbers=[("+4930111222", "")]
    )
    touch_record(owner=owner, contact=mum, channel="call", at=timezone.now() - timedelta(days=18))
    return mum


@pytest.fixture
def waiting(owner, mum):
    """A client's missed call, a birthday today (in Berlin) and Mum's rhythm."""
    acme = contact_create(
        owner=owner, name="Acme", relationship="client", numbers=[("+4940555000", "")]
    )
    missed_call_record(owner=owner, contact=acme, reason="the offer")
    today = timezone.now().astimezone(ZoneInfo("Europe/Berlin")).date()
    contact_create(
        owner=owner,
        name="Anna",
        relationship="friend",
        numbers=[("+4915112345678", "")],
        dates=[DateInput(kind=DateKind.BIRTHDAY, yearly=YearlyDate(today.month, today.day, 1990))],
    )
    assert rhythm_reminders_open() == 2
    return acme


def test_today_has_three_sections_and_we_talked_settles_a_rhythm(
    page, owner, mum, waiting, language, artifacts
):
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")

    sections = page.locator(".group-title")
    expect(sections).to_have_text(
        [words["section.callback"], words["section.today"], words["section.keep"]]
    )
    kinds = page.locator(".cards > .card").evaluate_all("cards => cards.map(c => c.dataset.kind)")
    assert kinds == ["callback", "occasion", "keep_in_touch"]
    birthday = page.locator('.card[data-kind="occasion"]')
    expect(birthday.locator("h2")).to_contain_text("Anna")
    expect(birthday.locator("a.primary")).to_have_attribute("href", "tel:+4915112345678")
    keep = page.locator('.card[data-kind="keep_in_touch"]')
    expect(keep).to_have_attribute("data-level", "due")
    expect(keep.locator(".level")).to_have_text(words["level.due"])
    # Days written out, as a person says it: never "18 d" (nor "Tg.").
    expect(keep.locator("p.meta").first).to_have_text(
        {"en": "Last in touch 18 days ago", "de": "Zuletzt vor 18 Tagen in Kontakt"}[language]
    )
    shot(page, artifacts, f"today-sections-{language}")

    keep.get_by_role("button", name=words["rhythm.we_talked"]).click()
    keep.get_by_role("button", name=words["touch.call"]).click()

    expect(page.locator('.card[data-kind="keep_in_touch"]')).to_have_count(0)
    expect(page.locator(".group-title")).to_have_count(2)
    reminder = Reminder.objects.get(contact=mum, kind=ReminderKind.KEEP_IN_TOUCH)
    assert reminder.state == ReminderState.DONE
    assert Touch.objects.filter(contact=mum).count() == 2  # the fixture's and this one
    assert errors == []


def test_the_contact_screen_shows_the_rhythm_and_logs_we_talked(
    page, owner, mum, language, artifacts
):
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto(f"/contacts/{mum.pk}")

    rhythm = page.locator("section.rhythm")
    expect(rhythm.locator(".facts")).to_contain_text(words["rhythm.days"][1].format(count=14))
    expect(rhythm.locator(".touches li")).to_have_count(1)
    shot(page, artifacts, f"contact-rhythm-{language}")

    rhythm.get_by_role("button", name=words["rhythm.we_talked"]).click()
    rhythm.get_by_role("button", name=words["touch.meeting"]).click()

    expect(page.locator("section.rhythm .touches li")).to_have_count(2)
    expect(page.locator("section.rhythm .touches li").first).to_contain_text(words["touch.meeting"])
    # The next keep-in-touch is due on a day, not at a minute: its date, no time of day.
    mum.refresh_from_db()
    due = mum.next_touch_due.astimezone(ZoneInfo("Europe/Berlin"))
    next_due = page.locator("section.rhythm .facts dd").nth(2)
    expect(next_due).to_contain_text(str(due.day))
    expect(next_due).not_to_contain_text(":")
    expect(next_due).not_to_contain_text(re.compile(r"\b[AP]M\b"))
    assert mum.touches.count() == 2
    assert errors == []
