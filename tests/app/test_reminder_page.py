"""What a person reads on a reminder's own page (from Today's card or a push), and on
Settings, in German and English: each name once, each field saying what it is for."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import Page, expect

from project.catalogue import app_words
from reminders.models import Reminder, ReminderKind
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_every_screen import ZONES, day, language, settle  # noqa: F401
from tests.app.walk import VISIBLE_TEXTS

# The visible texts of the page but its suggested text, which may greet them by name.
OUTSIDE_THE_TEXT = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || parent.closest(".suggested, [hidden]")) continue;
    if (!parent.checkVisibility({ visibilityProperty: true })) continue;
    texts.push(walker.currentNode.textContent);
  }
  return texts.join("\\n");
}"""


def times_shown(page: Page, name: str) -> int:
    return sum(text.count(name) for text in page.evaluate(VISIBLE_TEXTS))


def open_reminder(page: Page, reminder: Reminder) -> None:
    page.goto(f"/reminders/{reminder.id}")
    settle(page)
    expect(page.locator(".card")).to_be_visible()


def test_a_reminder_page_names_the_person_once(page, owner, language, day):  # noqa: F811
    words = app_words(language)
    sign_in(page.context, "alice", PASSWORD)
    reminders = Reminder.objects.filter(owner=owner)

    # Anna called, lives in Buenos Aires and has her birthday today: her name is the
    # heading, and neither the card, her clock nor the text repeats it.
    open_reminder(page, reminders.get(contact_id=day["anna"], kind=ReminderKind.CALLBACK))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Schneider")
    expect(page.locator(".card .their-time")).to_contain_text("Buenos Aires")
    assert times_shown(page, "Anna Schneider") == 1
    # The suggested text under a heading of its own, not loose below the card.
    expect(page.get_by_role("heading", name=words["textsheet.title"], exact=True)).to_be_visible()
    expect(page.locator(".suggested")).to_contain_text("Anna")

    # Her birthday: the heading says what it is about, with her name, once.
    open_reminder(page, reminders.get(contact_id=day["anna"], kind=ReminderKind.OCCASION))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna Schneider")
    assert times_shown(page, "Anna Schneider") == 1

    # A client, after a call nobody answered.
    open_reminder(page, reminders.get(id=day["reminder"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme GmbH")
    assert times_shown(page, "Acme GmbH") == 1

    # Mum, whom it is time to call: once besides the text's greeting ("Hi Mama, …").
    open_reminder(page, reminders.get(kind=ReminderKind.KEEP_IN_TOUCH))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mama")
    assert page.evaluate(OUTSIDE_THE_TEXT).count("Mama") == 1

    # An unknown number: the number is the heading, and the card does not repeat it.
    unknown = reminders.get(kind=ReminderKind.IDENTIFY)
    open_reminder(page, unknown)
    number = page.get_by_role("heading", level=1).inner_text()
    assert number.startswith("+49")
    assert times_shown(page, number) == 1


def test_a_contact_page_shows_no_word_for_a_missing_value(page, owner, language, day):  # noqa: F811
    sign_in(page.context, "alice", PASSWORD)
    page.goto(f"/contacts/{day['acme']}")
    settle(page)

    # Acme is not archived, and has no e-mail and no notes: nothing says so as a word.
    texts = page.evaluate(VISIBLE_TEXTS)
    assert not {"false", "true", "null", "undefined"} & set(texts), texts


# The tops of the lines the away banner's words take, and the height of one line.
LINE_TOPS = """(banner) => {
  const text = [...banner.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
  const range = document.createRange();
  range.selectNodeContents(text);
  const tops = [...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))];
  return { tops, height: parseFloat(getComputedStyle(banner).lineHeight) };
}"""


def test_away_and_the_next_step_show_no_year_this_year(page, owner, language, day):  # noqa: F811
    sign_in(page.context, "alice", PASSWORD)
    today = timezone.now().astimezone(ZoneInfo(ZONES[language])).date()
    page.goto("/today")
    settle(page)

    banner = page.locator(".banner.away")
    expect(banner).to_be_visible()
    # At 320 px its words wrap, and every line is as high as the next: the link does not
    # stretch the line it shares.
    page.set_viewport_size({"width": 320, "height": 700})
    lines = banner.evaluate(LINE_TOPS)
    assert len(lines["tops"]) >= 2, lines
    gaps = [b - a for a, b in zip(lines["tops"], lines["tops"][1:], strict=False)]
    assert all(abs(gap - lines["height"]) <= 1 for gap in gaps), lines
    if (today + timedelta(days=5)).year == today.year:
        expect(banner).not_to_contain_text(str(today.year))
    # Anna's nudge comes tomorrow (or later today): a day and a time, never the year.
    anna = Reminder.objects.get(contact_id=day["anna"], kind=ReminderKind.CALLBACK)
    page.goto(f"/reminders/{anna.id}")
    settle(page)
    step = page.locator(".card .progress")
    expect(step).to_be_visible()
    if (today + timedelta(days=2)).year == today.year:
        expect(step).not_to_contain_text(str(today.year))


def test_settings_says_what_each_twilio_address_and_search_is_for(page, owner, language):  # noqa: F811
    words = app_words(language)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")
    settle(page)

    twilio = page.locator("section.twilio")
    expect(twilio.get_by_role("heading", name="Twilio")).to_be_visible()
    # The status webhook, under its name in Twilio's console.
    status = twilio.get_by_label(words["settings.webhook"])
    expect(status).to_have_value(re.compile(r"/api/webhooks/twilio/.+/voice-status/$"))
    expect(twilio).to_contain_text(words["settings.webhook_hint"])
    expect(twilio.get_by_label(words["settings.voice_url"])).to_be_visible()
    # The country of your numbers is a list of countries: no city to search for.
    country = page.locator(".field").filter(has=page.locator("[name=phone_region]"))
    expect(country.get_by_role("searchbox")).to_have_attribute(
        "placeholder", words["zone.search_country"]
    )


def test_a_contact_history_says_what_each_reminder_was(page, owner, language, day):  # noqa: F811
    words = app_words(language)
    sign_in(page.context, "alice", PASSWORD)
    page.goto(f"/contacts/{day['anna']}")
    settle(page)

    # Her call and her birthday, each saying what it is, not a bare "open" twice.
    history = page.locator(".history > .meta")
    expect(history).to_have_count(2)
    open_ = words["state.open"]
    expect(history.filter(has_text=f"{words['history.kind.callback']} · {open_}")).to_have_count(1)
    birthday = history.filter(has_text=f"{words['history.kind.occasion']} · {open_}")
    expect(birthday).to_have_count(1)
    birthday.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna Schneider")


def test_a_contact_page_leaves_its_values_room_beside_long_names(page, owner, language, day):  # noqa: F811
    sign_in(page.context, "alice", PASSWORD)
    page.goto(f"/contacts/{day['anna']}")
    settle(page)

    # "Nach Beziehung (Sie bei Arbeit und Kunden)" was squeezed into a word a line.
    facts = page.locator("dl.contact-facts")
    expect(facts).to_be_visible()
    width = facts.bounding_box()["width"]
    for value in facts.locator("dd").all():
        assert value.bounding_box()["width"] >= 0.4 * width, value.inner_text()
