"""Importing contacts in the app: the preview (the server's dry run) before the import,
and a contact shared from the phone's Contacts app — POSTed to the manifest's share
target as Chrome does, taken by the service worker — landing in that preview."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from contacts.models import Contact
from tests.app.conftest import PASSWORD
from tests.contacts.importing import SAMPLES

SHARED_CARD = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
    "TEL;CELL:+49 151 23456789\r\nEND:VCARD\r\n"
)

# What Chrome does with a share: a navigation that POSTs the manifest's form (multipart,
# the file under the manifest's name for it, no CSRF token) to the share target's action.
SHARE = """async ([card, name]) => {
  const manifest = await (await fetch("/manifest.webmanifest")).json();
  const target = manifest.share_target;
  const form = document.createElement("form");
  form.method = target.method;
  form.enctype = target.enctype;
  form.action = target.action;
  const input = document.createElement("input");
  input.type = "file";
  input.name = target.params.files[0].name;
  const files = new DataTransfer();
  files.items.add(new File([card], name, {type: "text/x-vcard"}));
  input.files = files.files;
  form.append(input);
  document.body.append(form);
  form.submit();
}"""

SHARED_CACHED = """async () => {
  const cache = await caches.open("ringback-share");
  return Boolean(await cache.match("/import/shared-file"));
}"""


def count(page: Page, kind: str):
    return page.locator(f".import-report [data-count='{kind}'] strong")


def test_the_preview_shows_what_the_import_would_do_and_imports_on_confirmation(
    app_page: Page, owner, artifacts
):
    page = app_page
    page.goto("/settings")
    page.get_by_role("link", name="Import contacts").click()
    expect(page).to_have_url(re.compile(r"/import$"))

    page.locator("input[type=file]").set_input_files(str(SAMPLES / "thunderbird.vcf"))
    page.get_by_role("button", name="Show what it would do").click()

    expect(page.locator(".import-report[data-dry-run=true]")).to_be_visible()
    expect(count(page, "created")).to_have_text("2")
    expect(count(page, "unchanged")).to_have_text("0")
    page.screenshot(path=artifacts / "import-preview.png", full_page=True)
    assert not Contact.objects.exists()

    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.locator(".import-report[data-dry-run=false]")).to_be_visible()
    expect(count(page, "created")).to_have_text("2")
    assert set(Contact.objects.values_list("name", flat=True)) == {"Lena Weber", "Max Hoffmann"}


def test_a_file_that_is_no_contacts_is_refused_next_to_the_file(app_page: Page, tmp_path):
    page = app_page
    notes = tmp_path / "notes.csv"
    notes.write_text("Title,Body\nShopping,Milk\n")
    page.goto("/import")

    page.locator("input[type=file]").set_input_files(str(notes))
    page.get_by_role("button", name="Show what it would do").click()

    expect(page.locator(".field-error:not([hidden])")).to_contain_text("CSV")
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_hidden()


def test_a_contact_shared_from_the_phone_lands_in_the_preview_and_waits(
    app_page: Page, owner, artifacts
):
    page = app_page
    manifest = json.loads(page.request.get("/manifest.webmanifest").text())
    assert {"text/vcard", "text/x-vcard", ".vcf"} <= set(
        manifest["share_target"]["params"]["files"][0]["accept"]
    )

    page.evaluate(SHARE, [SHARED_CARD, "Jürgen Müller.vcf"])

    expect(page).to_have_url(re.compile(r"/import\?shared=1$"))
    expect(page.get_by_text("Shared with Ringback: Jürgen Müller.vcf")).to_be_visible()
    expect(count(page, "created")).to_have_text("1")
    page.screenshot(path=artifacts / "import-shared.png", full_page=True)
    # Nothing is imported until the user says so.
    assert not Contact.objects.exists()
    assert page.evaluate(SHARED_CACHED)

    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.locator(".import-report[data-dry-run=false]")).to_be_visible()
    contact = Contact.objects.get()
    assert (contact.name, contact.owner) == ("Jürgen Müller", owner)
    assert list(contact.numbers.values_list("number", flat=True)) == ["+4915123456789"]
    assert not page.evaluate(SHARED_CACHED)


def test_deleting_the_account_needs_the_password_and_signs_out(app_page: Page, owner):
    page = app_page
    page.goto("/settings")
    page.get_by_role("button", name="Delete my account…").click()
    page.get_by_label("Password").filter(visible=True).fill("wrong")
    page.get_by_role("button", name="Delete for good").click()
    expect(page.locator(".field-error:not([hidden])")).to_contain_text("not your password")
    assert type(owner).objects.filter(pk=owner.pk).exists()

    page.get_by_label("Password").filter(visible=True).fill(PASSWORD)
    page.get_by_role("button", name="Delete for good").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    assert not type(owner).objects.filter(pk=owner.pk).exists()


@pytest.fixture(autouse=True)
def _no_script_errors(app_page: Page):
    errors: list[str] = []
    app_page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []
