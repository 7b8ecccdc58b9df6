"""The messenger and the contact's own time zone in the app, in German and English: the
contact form sets both and the API returns them; the Text button opens a sheet where the
suggested text can be edited, and the messenger opens with the edited text."""

from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.models import Contact
from contacts.services import contact_create
from project.catalogue import app_words
from reminders.models import Outcome
from reminders.services.calls import missed_call_record
from reminders.services.transitions import attempt_record
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors

# An edit with what a link must escape: a dash, &, ? and %.
EDITED = "Bin gleich da \u2013 Kai & Co? 100% sicher"
# Buttons whose text is wider than the button.
CLIPPED = """root => [...root.querySelectorAll("button, a.button")]
  .filter(node => node.offsetParent !== null && node.scrollWidth > node.clientWidth)
  .map(node => node.textContent.trim())"""


@pytest.fixture(params=["de", "en"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


def test_the_contact_form_sets_the_text_channel_and_their_time_zone(
    page, owner, language, artifacts
):
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/contacts?new=1")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["contacts.add"])

    page.get_by_label(words["field.name"]).fill("Anna")
    page.get_by_label(words["field.text_channel"]).select_option("whatsapp")
    zone = page.locator("select[name=time_zone]")
    expect(zone).to_have_value("")
    page.get_by_placeholder(words["zone.search"]).fill("New York")
    zone.select_option("America/New_York")
    shot(page, artifacts, f"contact-form-text-channel-{language}")
    page.get_by_role("button", name=words["field.save"], exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Anna")
    contact = Contact.objects.get()
    answer = page.context.request.get(f"/api/contacts/{contact.id}/").json()
    assert (answer["text_channel"], answer["time_zone"]) == ("whatsapp", "America/New_York")
    # The page says what time it is for them (the account lives in Berlin), under the
    # heading with her name, which it does not repeat.
    expect(page.locator(".their-time")).to_contain_text(" in New York")
    expect(page.locator(".their-time")).not_to_contain_text("Anna")
    expect(page.locator(".contact-facts")).to_contain_text("WhatsApp")
    page.goto("/contacts")
    expect(page.locator(".rows .their-time")).to_contain_text("New York")
    expect(page.locator(".rows .their-time")).not_to_contain_text("Anna")
    assert errors == []


def test_the_default_text_channel_is_set_in_settings(page, owner, language):
    words = app_words(language)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")

    page.get_by_label(words["settings.text_channel"]).select_option("signal")
    page.locator("form", has=page.locator("select[name=text_channel]")).get_by_role(
        "button", name=words["field.save"], exact=True
    ).click()

    expect(page.locator("#toast")).to_contain_text(words["toast.saved"])
    assert Preferences.objects.get(user=owner).text_channel == "signal"
    assert page.context.request.get("/api/me/").json()["text_channel"] == "signal"


@pytest.mark.parametrize("width", [320, 412])
def test_the_text_sheet_sends_the_edited_text(page, owner, language, width, artifacts):
    words = app_words(language)
    errors = watch_errors(page)
    kai = contact_create(
        owner=owner,
        name="Kai",
        relationship="friend",
        text_channel="whatsapp",
        numbers=[("+4930999888", "")],
    )
    reminder = missed_call_record(owner=owner, contact=kai).reminder
    # Two calls nobody answered: the etiquette now proposes a text (the card's primary).
    for _ in range(2):
        attempt_record(reminder=reminder, channel="call", outcome=Outcome.NO_ANSWER)
    opened: list[str] = []

    def messenger(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>WhatsApp</p>")

    # The messenger's site, not ours: its navigation is caught here.
    page.context.route("https://wa.me/**", messenger)
    page.set_viewport_size({"width": width, "height": 740})
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")

    text = page.locator(".card", has_text="Kai").locator("a.primary")
    expect(text).to_have_text(words["action.text"])
    text.click()
    sheet = page.locator("dialog.text-sheet")
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text("WhatsApp")
    area = sheet.get_by_label(words["textsheet.text"])
    suggested = area.input_value()
    assert suggested.startswith(("Hi Kai", "Hallo Kai"))
    area.fill(EDITED)
    shot(page, artifacts, f"text-sheet-{language}-{width}")
    assert sheet.evaluate(CLIPPED) == []
    assert sheet.evaluate("s => s.getBoundingClientRect().right") <= width
    with page.context.expect_page() as popup:
        sheet.get_by_role("button", name=words["textsheet.send"], exact=True).click()
    popup.value.wait_for_load_state()

    assert len(opened) == 1
    assert opened[0].startswith("https://wa.me/4930999888?text=")
    assert unquote(opened[0].split("?text=", 1)[1]) == EDITED
    expect(sheet).to_have_count(0)
    assert errors == []


def test_cancel_closes_the_sheet_and_opens_nothing(page, owner):
    words = app_words("en")
    kai = contact_create(
        owner=owner,
        name="Kai",
        relationship="friend",
        time_zone="Asia/Tokyo",
        numbers=[("+4930999888", "")],
    )
    reminder = missed_call_record(owner=owner, contact=kai).reminder
    for _ in range(2):
        attempt_record(reminder=reminder, channel="call", outcome=Outcome.NO_ANSWER)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")

    card = page.locator(".card", has_text="Kai")
    # Their own clock on the card, under their name: "… in Tokyo", not the name again.
    expect(card.locator(".their-time")).to_contain_text(" in Tokyo")
    expect(card.locator(".their-time")).not_to_contain_text("Kai")
    card.locator("a.primary").click()
    sheet = page.locator("dialog.text-sheet")
    expect(sheet).to_contain_text(words["textchannel.sms"])
    sheet.get_by_role("button", name=words["field.cancel"], exact=True).click()

    expect(sheet).to_have_count(0)
    assert page.url.endswith("/today")
