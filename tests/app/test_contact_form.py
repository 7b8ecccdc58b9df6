"""The contact form holds everything the API knows of a contact, in German and English:
a birthday without its year, an anniversary reminded days before, their own rhythm,
archived; the contact's page shows it; a wrong day's error stands beside it."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Preferences
from contacts.models import Contact
from project.catalogue import app_words
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors


@pytest.fixture(params=["de", "en"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


WRONG_DAY = {"de": "Diesen Tag gibt es nicht.", "en": "This day does not exist."}


def add_day(page: Page, words: dict, *, kind: str, day: int, month: int, year: str = "") -> None:
    page.get_by_role("button", name=f"+ {words['dates.add']}").click()
    row = page.locator(".date-row").last
    row.get_by_label(words["dates.kind"]).select_option(kind)
    row.get_by_label(words["dates.date"], exact=True).fill(str(day))
    row.get_by_label(words["dates.month"]).select_option(str(month))
    row.get_by_label(words["dates.year"]).fill(year)


def test_the_form_sets_days_with_and_without_year_and_an_own_rhythm(
    page, owner, language, artifacts
):
    words = app_words(language)
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/contacts?new=1")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["contacts.add"])

    page.get_by_label(words["field.name"]).fill("Anna")
    page.get_by_label(words["field.relationship"], exact=True).select_option("friend")
    page.get_by_label(words["field.rhythm"]).fill("10")
    add_day(page, words, kind="birthday", day=22, month=3)
    add_day(page, words, kind="anniversary", day=5, month=6, year="2015")
    wedding = page.locator(".date-row").last
    wedding.get_by_label(words["dates.label"]).fill("Hochzeit")
    wedding.get_by_label(words["dates.remind"]).fill("3")
    shot(page, artifacts, f"contact-form-days-{language}")
    page.get_by_role("button", name=words["field.save"], exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Anna")
    contact = Contact.objects.get()
    answer = page.context.request.get(f"/api/contacts/{contact.id}/").json()
    assert answer["keep_in_touch_days"] == 10
    days = sorted(
        (d["kind"], d["date"], d["label"], d["remind_days_before"]) for d in answer["dates"]
    )
    assert days == [("anniversary", "2015-06-05", "Hochzeit", 3), ("birthday", "--03-22", "", 0)]
    facts = page.locator(".contact-facts")
    expect(facts).to_contain_text(words["rhythm.days"][1].format(count=10))
    expect(page.locator(".rhythm")).to_contain_text("Hochzeit")
    assert errors == []


def test_editing_keeps_the_days_and_archives(page, owner, language):
    words = app_words(language)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/contacts?new=1")
    page.get_by_label(words["field.name"]).fill("Kai")
    add_day(page, words, kind="birthday", day=1, month=12, year="1990")
    page.get_by_role("button", name=words["field.save"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kai")
    first = Contact.objects.get().dates.get()

    page.get_by_role("link", name=words["contacts.edit"]).click()
    expect(page.locator(".date-row")).to_have_count(1)
    expect(page.get_by_label(words["dates.year"])).to_have_value("1990")
    page.get_by_label(words["field.archive"]).check()
    page.get_by_label(words["field.rhythm"]).fill("")
    page.get_by_role("button", name=words["field.save"], exact=True).click()

    expect(page.locator(".badge.archived")).to_have_text(words["field.archived"])
    contact = Contact.objects.get()
    assert contact.archived is True
    assert contact.keep_in_touch_days is None
    assert list(contact.dates.values_list("pk", "year", "month", "day")) == [
        (first.pk, 1990, 12, 1)
    ]


def test_a_day_that_does_not_exist_is_refused_beside_it(page, owner, language):
    words = app_words(language)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/contacts?new=1")
    page.get_by_label(words["field.name"]).fill("Kai")
    add_day(page, words, kind="birthday", day=31, month=2)
    page.get_by_role("button", name=words["field.save"], exact=True).click()

    shown = page.locator(".date-row .field-error:not([hidden])")
    expect(shown).to_have_count(1)
    assert shown.inner_text() == WRONG_DAY[language]
    assert Contact.objects.count() == 0
