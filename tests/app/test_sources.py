"""Settings → Address book and mail on the phone, in English and German: a preset fills
the address, a wrong password is named, a Radicale address book connects and syncs."""

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.models import Contact
from project.catalogue import app_words
from sources.models import Source
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors
from tests.sources.radicale_server import PASSWORD as DAV_PASSWORD
from tests.sources.radicale_server import USER as DAV_USER
from tests.sources.radicale_server import start, vcard


@pytest.fixture
def radicale(tmp_path, settings):
    settings.SOURCES_PRIVATE_NETWORKS = ["127.0.0.1/32"]  # the live server's thread reads it
    server = start(tmp_path)
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.fixture(params=["en", "de"])
def language(request, owner) -> str:
    Preferences.objects.filter(user=owner).update(language=request.param)
    return request.param


def test_connect_an_address_book_and_sync_it(page, owner, radicale, language, artifacts):
    words = app_words(language)
    radicale.make_addressbook()
    radicale.put_card("anna", vcard("anna", "Anna Berg", "TEL;TYPE=CELL:+49 151 23456789"))
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")

    section = page.locator("section#sources")
    expect(section.locator("h2")).to_have_text(words["sources.title"])
    expect(section.locator(".rows")).to_contain_text(words["sources.none"])
    section.locator("summary").click()
    section.locator('select[name="preset"]').select_option("icloud")
    expect(section.locator('input[name="url"]')).to_have_value("https://contacts.icloud.com/")
    expect(section.locator(".hint").first).to_be_visible()

    section.locator('input[name="url"]').fill(radicale.url)
    section.locator('input[name="username"]').fill(DAV_USER)
    section.locator('input[name="password"]').fill("wrong")
    section.get_by_role("button", name=words["sources.add"]).click()
    expect(section.locator(".form-error")).to_be_visible()
    assert not Source.objects.exists()

    section.locator('input[name="password"]').fill(DAV_PASSWORD)
    section.get_by_role("button", name=words["sources.add"]).click()
    row = section.locator("li.source")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(words["sources.waiting"])
    row.get_by_role("button", name=words["sources.sync_now"]).click()
    expect(row.locator("small").last).to_contain_text(words["sources.synced"].split("{")[0])
    assert Contact.objects.filter(owner=owner, name="Anna Berg").exists()
    shot(page, artifacts, f"settings-sources-{language}")
    assert errors == []


def test_choose_which_address_books_to_follow(page, owner, radicale, language, artifacts):
    words = app_words(language)
    radicale.make_addressbook("family", "Family")
    radicale.make_addressbook("work", "Work")
    radicale.put_card("anna", vcard("anna", "Anna Berg"), "family")
    radicale.put_card("ben", vcard("ben", "Ben Cole"), "work")
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")
    section = page.locator("section#sources")
    section.locator("summary").click()
    section.locator('input[name="url"]').fill(radicale.url)
    section.locator('input[name="username"]').fill(DAV_USER)
    section.locator('input[name="password"]').fill(DAV_PASSWORD)
    section.get_by_role("button", name=words["sources.add"]).click()

    books = section.locator("li.source fieldset.books")
    expect(books.locator("legend")).to_have_text(words["sources.books"])
    expect(books.get_by_label("Family")).to_be_checked()
    books.get_by_label("Work").uncheck()
    expect(page.locator("#toast")).to_contain_text(words["sources.books_saved"])
    source = Source.objects.get()
    assert [(b.name, b.chosen) for b in source.books.all()] == [("Family", True), ("Work", False)]
    section.locator("li.source").get_by_role("button", name=words["sources.sync_now"]).click()
    expect(section.locator("li.source small").last).to_contain_text(
        words["sources.synced"].split("{")[0]
    )
    assert list(Contact.objects.filter(owner=owner).values_list("name", flat=True)) == ["Anna Berg"]
    shot(page, artifacts, f"settings-sources-books-{language}")
    assert errors == []
