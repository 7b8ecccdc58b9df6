"""Settings → Sources on the phone, a calendar, in English and German: the preset fills
the address, the calendars found are listed ticked, unticking one is saved, a meeting
with a contact becomes a touch."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Preferences
from contacts.models import Contact, Touch
from project.catalogue import app_words
from sources.models import SourceCalendar
from tests.app.browser import sign_in
from tests.app.conftest import PASSWORD
from tests.app.test_phone_flow import shot, watch_errors
from tests.sources.calendar_server import event, make_calendar, put_event
from tests.sources.radicale_server import PASSWORD as DAV_PASSWORD
from tests.sources.radicale_server import USER as DAV_USER
from tests.sources.radicale_server import start


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


def test_connect_a_calendar_choose_its_calendars_and_sync(
    page, owner, radicale, language, artifacts
):
    words = app_words(language)
    make_calendar(radicale, "home", "Home")
    make_calendar(radicale, "work", "Work")
    ended = datetime.now(UTC) - timedelta(hours=1)
    put_event(
        radicale,
        "lunch",
        event("lunch", ended - timedelta(hours=1), ended, summary="Lunch with Anna"),
        calendar="home",
    )
    anna = Contact.objects.create(owner=owner, name="Anna Berg")
    errors = watch_errors(page)
    sign_in(page.context, "alice", PASSWORD)
    page.goto("/settings")

    section = page.locator("section#sources")
    section.locator("summary").click()
    section.locator('select[name="preset"]').select_option("icloud_calendar")
    expect(section.locator('input[name="url"]')).to_have_value("https://caldav.icloud.com/")
    expect(section.locator('select[name="kind"]')).to_have_value("caldav")
    section.locator('input[name="url"]').fill(radicale.url)
    section.locator('input[name="username"]').fill(DAV_USER)
    section.locator('input[name="password"]').fill(DAV_PASSWORD)
    section.get_by_role("button", name=words["sources.add"]).click()

    row = section.locator("li.source")
    expect(row).to_have_count(1)
    choice = row.locator("fieldset.calendars")
    expect(choice.locator("legend")).to_have_text(words["sources.calendars"])
    expect(choice.locator('input[name="calendars"]:checked')).to_have_count(2)
    choice.get_by_label("Work").uncheck()
    expect(page.get_by_text(words["sources.calendars_saved"])).to_be_visible()
    assert list(SourceCalendar.objects.values_list("name", "chosen")) == [
        ("Home", True),
        ("Work", False),
    ]

    row.get_by_role("button", name=words["sources.sync_now"]).click()
    expect(row.locator("small").last).to_contain_text(words["sources.synced"].split("{")[0])
    assert Touch.objects.filter(contact=anna, channel="meeting").count() == 1
    shot(page, artifacts, f"settings-calendars-{language}")
    assert errors == []
