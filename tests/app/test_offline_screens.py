"""Offline, every screen opened once shows its last content: a contact's page with the
number to call, the stats; and the shell opens whatever language the browser asks for
(the catalogue holds every language, so its cached copy must be found regardless)."""

from playwright.sync_api import expect

from contacts.services import contact_create
from reminders.services.calls import missed_call_record
from tests.app.browser import wait_for_cached


def test_a_contact_page_and_the_stats_show_offline_as_last_seen(app_page, owner):
    mum = contact_create(
        owner=owner, name="Mum", relationship="family", numbers=[("+4930123456", "home")]
    )
    missed_call_record(owner=owner, contact=mum)
    page = app_page
    for path in (f"/contacts/{mum.id}", "/stats"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_for_cached(page, f"/api/contacts/{mum.id}/")
    wait_for_cached(page, "/api/stats/?days=30")
    page.context.set_offline(True)
    try:
        page.goto(f"/contacts/{mum.id}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mum")
        expect(page.locator("a[href='tel:+4930123456']")).to_be_visible()
        page.goto("/stats")
        # Mum's call still has time: its last content is that line and the table.
        expect(page.get_by_text("1 call still has time")).to_be_visible()
        expect(page.get_by_role("table")).to_be_visible()
    finally:
        page.context.set_offline(False)


def test_the_shell_opens_offline_in_another_accept_language(app_page):
    page = app_page
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    page.context.set_offline(True)
    try:
        page.context.set_extra_http_headers({"Accept-Language": "de-DE,de;q=0.9"})
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    finally:
        page.context.set_offline(False)
