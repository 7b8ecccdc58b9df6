"""Every screen of the app in German and English, at Pixel 7 size and at 320 and 412 px wide,
with a day's worth of reminders on it: no JavaScript value shown as text, no English
word in German, no button whose words do not fit (tests/app/walk.py says how)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Preferences
from contacts.dates import YearlyDate
from contacts.models import DateKind
from contacts.services import DateInput, contact_create, touch_record
from project.catalogue import app_words
from reminders.models import Outcome
from reminders.services.calls import missed_call_record
from reminders.services.rhythms import rhythm_reminders_open
from reminders.services.transitions import attempt_record
from tests.app.browser import PATIENCE_MS, sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors
from tests.app.walk import problems

ZONES = {"de": "Europe/Berlin", "en": "America/New_York"}
WIDTHS = {"pixel7": None, "narrow": 320, "wide": 412}


@pytest.fixture(params=["de", "en"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(
        language=request.param, time_zone=ZONES[request.param]
    )
    return request.param


@pytest.fixture
def day(owner, language) -> dict[str, int]:
    """A missed call after a try nobody answered, a birthday of someone who also called,
    an unknown caller, and a friend it is time to call."""
    zone = ZoneInfo(ZONES[language])
    today = timezone.now().astimezone(zone).date()
    acme = contact_create(
        owner=owner, name="Acme GmbH", relationship="client", numbers=[("+4940555000", "")]
    )
    tried = missed_call_record(owner=owner, contact=acme, reason="the offer").reminder
    attempt_record(reminder=tried, channel="call", outcome=Outcome.NO_ANSWER)
    anna = contact_create(
        owner=owner,
        name="Anna Schneider",
        relationship="friend",
        email="anna@example.org",
        # Her own messenger and the longest place name: their time on every screen.
        text_channel="whatsapp",
        time_zone="America/Argentina/Buenos_Aires",
        numbers=[("+4915112345678", "mobile")],
        dates=[DateInput(kind=DateKind.BIRTHDAY, yearly=YearlyDate(today.month, today.day, 1990))],
    )
    missed_call_record(owner=owner, contact=anna)
    missed_call_record(owner=owner, number="+4930987654")
    mum = contact_create(
        owner=owner, name="Mama", relationship="family", numbers=[("+4930111222", "home")]
    )
    touch_record(owner=owner, contact=mum, channel="call", at=timezone.now() - timedelta(days=20))
    rhythm_reminders_open()
    # Away for a few days: the banner on Today, the away texts on the reminder screen.
    Preferences.objects.filter(user=owner).update(
        away_until=today + timedelta(days=5), away_contact="office@example.org"
    )
    return {"acme": acme.id, "anna": anna.id, "reminder": tried.id}


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> str:
    if WIDTHS[request.param]:
        page.set_viewport_size({"width": WIDTHS[request.param], "height": 800})
    return request.param


def settle(page: Page) -> None:
    """Until the screen has its heading and the answers it asked for."""
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    page.wait_for_load_state("networkidle", timeout=PATIENCE_MS)


def test_no_screen_shows_a_leak_english_in_german_or_a_clipped_button(
    page, owner, language, width, day, artifacts
):
    errors = watch_errors(page)
    found: list[str] = []
    page.goto("/login")
    settle(page)
    found += problems(page, language if language == "en" else "en", "/login")

    sign_in(page.context, "alice", PASSWORD)
    screens = [
        "/today",
        f"/reminders/{day['reminder']}",
        "/session",
        "/log",
        "/contacts",
        f"/contacts/{day['anna']}",
        f"/contacts/{day['anna']}?edit=1",
        "/contacts?new=1",
        "/settings",
        "/import",
        "/stats",
    ]
    for path in screens:
        page.goto(path)
        settle(page)
        found += problems(page, language, path)
        shot(page, artifacts, f"walk-{language}-{width}-{path.strip('/').replace('/', '-')}")

    # Every panel a Today card opens, one after the other.
    page.goto("/today")
    settle(page)
    for index in range(page.locator(".card [aria-expanded]").count()):
        toggle = page.locator(".card [aria-expanded]").nth(index)
        toggle.click()
        found += problems(page, language, f"/today panel {index}")
        toggle.click()

    # A toast without an action (Save in Settings).
    page.goto("/settings")
    settle(page)
    page.locator("form").filter(has=page.locator("[name=time_zone]")).locator(
        "button[type=submit]"
    ).click()
    expect(page.locator("#toast")).to_be_visible()
    found += problems(page, language, "toast")

    assert not found, "\n".join(found)
    assert errors == []


def test_today_says_while_away_mode_is_on(page, owner, language):
    words = app_words(language)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")
    settle(page)
    expect(page.locator(".banner.away")).to_have_count(0)
    Preferences.objects.filter(user=owner).update(
        away_until=timezone.now().date() + timedelta(days=3)
    )

    page.reload()

    expect(page.locator(".banner.away")).to_contain_text(words["away.banner"].split("{")[0])
    page.locator(".banner.away").get_by_role("link").click()
    expect(page.locator("#away")).to_be_visible()


def test_a_toast_without_an_action_shows_only_its_message(page, owner):
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")
    settle(page)

    page.evaluate("""async () => (await import("/static/app/ui.js")).toast("Saved")""")

    expect(page.locator("#toast")).to_have_text("Saved")


def test_today_shows_one_card_per_person_saying_when_and_how_often_they_called(
    page, owner, language, day
):
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")
    settle(page)

    # Anna called and has her birthday today: one card, the birthday a line on it.
    anna = page.locator(".card").filter(has_text="Anna Schneider")
    expect(anna).to_have_count(1)
    expect(anna.locator("[data-together=occasion]")).to_have_count(1)
    expect(anna.locator(".called")).to_be_visible()
    for card in page.locator(".card:not(.rhythm-card)").all():
        expect(card.locator(".called")).to_be_visible()
        # One primary, at most two secondary buttons besides ⋯.
        assert card.locator(":scope > .button.primary").count() <= 1
        assert card.locator(".secondary-actions > button").count() <= 3
