"""On the phone: the import's preview names every card with what would become of it,
two contacts who are one person are merged from the contact page, and a call from a
landline that two people share asks who called."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.services import preferences_update
from contacts.models import Contact
from contacts.services import contact_create
from reminders.models import Reminder, ReminderKind, Source
from reminders.services.calls import missed_call_record

HOUSEHOLD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Max Mustermann\r\nTEL:+49 30 2345678\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Erika Mustermann\r\nTEL:+49 30 2345678\r\n"
    "TEL:n/a\r\nEND:VCARD\r\n"
)


@pytest.fixture(autouse=True)
def _german_numbers(settings):
    settings.PHONE_DEFAULT_REGION = "DE"


def test_the_preview_lists_every_card_and_what_was_left_out(app_page: Page, tmp_path, artifacts):
    page = app_page
    book = tmp_path / "household.vcf"
    book.write_text(HOUSEHOLD)
    page.goto("/import")

    page.locator("input[type=file]").set_input_files(str(book))
    page.get_by_role("button", name="Show what it would do").click()

    cards = page.locator(".import-cards li")
    expect(cards).to_have_count(2)
    expect(cards.nth(1)).to_contain_text("Erika Mustermann")
    expect(cards.nth(1)).to_contain_text("n/a: not a phone number")
    expect(cards.nth(1)).to_contain_text("Maybe the same person as Max Mustermann")
    page.screenshot(path=artifacts / "import-cards.png", full_page=True)


def test_two_contacts_are_merged_from_the_contact_page(app_page: Page, owner, artifacts):
    keep = contact_create(owner=owner, name="Anna Schmidt", numbers=[("+49 170 1234567", "")])
    other = contact_create(owner=owner, name="Anna S.", numbers=[("+49 89 12345678", "work")])
    page = app_page
    page.goto(f"/contacts/{keep.pk}")

    page.get_by_role("link", name="Merge with…").click()
    page.get_by_role("button", name="Anna S.").click()
    expect(page.locator(".merge-side")).to_have_count(2)
    page.screenshot(path=artifacts / "merge.png", full_page=True)
    page.get_by_role("button", name="Keep Anna Schmidt").click()

    expect(page).to_have_url(re.compile(rf"/contacts/{keep.pk}$"))
    expect(page.get_by_role("link", name="Merge with…")).to_be_visible()
    assert list(Contact.objects.values_list("name", flat=True)) == ["Anna Schmidt"]
    assert not Contact.objects.filter(pk=other.pk).exists()
    assert keep.numbers.count() == 2


def test_a_call_from_a_shared_landline_asks_who_called(app_page: Page, owner):
    contact_create(owner=owner, name="Max Mustermann", numbers=[("+49 30 2345678", "")])
    contact_create(owner=owner, name="Erika Mustermann", numbers=[("+49 30 2345678", "")])
    missed_call_record(owner=owner, number="+49302345678", source=Source.API)
    page = app_page
    page.goto("/today")

    who = page.locator(".who-called")
    expect(who).to_contain_text("Who called?")
    who.get_by_role("button", name="Erika Mustermann").click()

    expect(page.locator(".who-called")).to_have_count(0)
    reminder = Reminder.objects.get()
    assert (reminder.contact.name, reminder.kind) == ("Erika Mustermann", ReminderKind.CALLBACK)


def test_number_labels_are_shown_in_the_users_language_and_saved_as_read(app_page: Page, owner):
    preferences_update(user=owner, language="de")
    anna = contact_create(
        owner=owner, name="Anna", numbers=[("+49 89 12345678", "work"), ("+49 170 1234567", "Oma")]
    )
    page = app_page
    page.goto(f"/contacts/{anna.pk}")

    expect(page.locator("ul.rows li").nth(0)).to_contain_text("Arbeit")
    expect(page.locator("ul.rows li").nth(1)).to_contain_text("Oma")
    page.goto(f"/contacts/{anna.pk}?edit=1")
    expect(page.locator("input[name=label]").nth(0)).to_have_value("Arbeit")
    page.locator("input[name=label]").nth(1).fill("Mobil")
    page.locator("form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/contacts/{anna.pk}$"))
    assert list(anna.numbers.order_by("id").values_list("label", flat=True)) == ["work", "mobile"]
