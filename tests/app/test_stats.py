"""The Stats screen at Pixel 7 size, in English and German: a constructed history shows
as the share called back in time, a bar per relationship (SVG) and the numbers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.services import contact_create
from project.catalogue import app_words
from reminders.services.calls import missed_call_record
from reminders.services.transitions import reminder_complete
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors


@pytest.mark.parametrize("language", ["en", "de"])
def test_stats_show_the_share_called_back_in_time(page, owner, language, artifacts):
    Preferences.objects.filter(user=owner).update(language=language)
    words = app_words(language)
    errors = watch_errors(page)
    acme = contact_create(owner=owner, name="Acme", relationship="client")
    kai = contact_create(owner=owner, name="Kai", relationship="friend")
    mum = contact_create(owner=owner, name="Mum", relationship="family")
    reminder_complete(reminder=missed_call_record(owner=owner, contact=acme).reminder)
    missed_call_record(owner=owner, contact=kai)
    two_days_ago = timezone.now() - timedelta(days=2)
    missed_call_record(owner=owner, contact=mum, occurred_at=two_days_ago)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/today")

    page.get_by_role("link", name=words["stats.title"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["stats.title"])
    # Kai still has time: pending, neither in time nor missed (1 of 2 decided).
    expect(page.locator(".headline")).to_contain_text("50 %")
    expect(page.locator(".headline")).to_contain_text(words["stats.headline"].format(n=1, total=2))
    expect(page.get_by_text(words["stats.pending_line"][0].format(count=1))).to_be_visible()
    bars = page.locator("svg.chart .bar")
    expect(bars).to_have_count(3)
    shares = {
        bar.get_attribute("data-relationship"): bar.locator(".bar-share").text_content()
        for bar in bars.all()
    }
    assert shares == {"client": "100 %", "friend": "\u2013", "family": "0 %"}
    for bar in bars.all():  # no name cut short
        label = bar.locator(".bar-label")
        assert label.evaluate("text => text.getComputedTextLength()") <= bar.evaluate(
            "bar => bar.ownerSVGElement.getBoundingClientRect().width"
        )
    overdue = page.locator("table.stats tbody tr", has_text=words["rel.family"]).locator("td")
    expect(overdue.last).to_have_text("1")
    shot(page, artifacts, f"stats-{language}")

    page.get_by_role("link", name=words["stats.days"].format(days=365)).click()
    expect(page.get_by_role("link", name=words["stats.days"].format(days=365))).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator(".headline")).to_contain_text("50 %")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the stats scroll sideways"
    assert errors == []


def test_stats_while_every_call_still_has_time_say_so_without_a_share(page, owner):
    words = app_words("en")
    kai = contact_create(owner=owner, name="Kai", relationship="friend")
    missed_call_record(owner=owner, contact=kai)
    sign_in(page.context, "alice", PASSWORD)

    page.goto("/stats")

    expect(page.get_by_text(words["stats.pending_line"][0].format(count=1))).to_be_visible()
    expect(page.locator("table")).to_be_visible()
    # No share of nothing ("called back in time: 0 of 0") and no empty bars.
    expect(page.locator(".headline")).to_have_count(0)
    expect(page.locator("svg.chart")).to_have_count(0)


# Words of the table's headings and names that the browser broke across lines, other than
# at a soft hyphen the catalogue put there.
BROKEN_WORDS = """() => [...document.querySelectorAll("table.stats th")].flatMap((cell) => {
  const text = cell.firstChild;
  if (!text || text.nodeType !== Node.TEXT_NODE) return [];
  const broken = [];
  for (const word of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, word.index);
    range.setEnd(text, word.index + word[0].length);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    if (lines.size > 1 && !word[0].includes("\\u00ad")) broken.push(word[0]);
  }
  return broken;
})"""


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("width", [320, 412])
def test_the_stats_table_breaks_no_word_and_fits_a_pixel_7(page, owner, language, width):
    Preferences.objects.filter(user=owner).update(language=language)
    for name, relationship in (("Acme", "client"), ("Kai", "friend")):
        contact = contact_create(owner=owner, name=name, relationship=relationship)
        missed_call_record(owner=owner, contact=contact)
    missed_call_record(owner=owner, number="+4930999888")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page.context, "alice", PASSWORD)

    page.goto("/stats")

    expect(page.locator("table.stats tfoot")).to_be_visible()
    assert page.evaluate(BROKEN_WORDS) == []
    wrap = page.locator(".table-wrap")
    if width >= 412:  # at 320 it may scroll inside its box, names staying in view
        assert wrap.evaluate("box => box.scrollWidth <= box.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
