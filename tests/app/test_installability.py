import pytest

from tests.app.browser import CHROMIUM, LAUNCH_ARGS, PATIENCE_MS, wait_for_control
from tests.app.conftest import require_chromium


@pytest.fixture
def installable_page(playwright, phone, live_server, tmp_path):
    # Chromium answers installability questions in a persistent profile only.
    require_chromium()
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=str(CHROMIUM), args=LAUNCH_ARGS, **phone
    )
    context.set_default_timeout(PATIENCE_MS)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/today")
    wait_for_control(page)
    yield page
    context.close()


def test_chromium_finds_nothing_that_stops_installing_the_app(installable_page):
    cdp = installable_page.context.new_cdp_session(installable_page)

    answer = cdp.send("Page.getInstallabilityErrors")

    assert answer["installabilityErrors"] == []


def test_the_manifest_names_the_app_and_its_icons(installable_page):
    cdp = installable_page.context.new_cdp_session(installable_page)

    manifest = cdp.send("Page.getAppManifest")

    assert manifest["errors"] == []
    parsed = installable_page.evaluate("async () => (await fetch('/manifest.webmanifest')).json()")
    assert parsed["name"] == "Ringback" and parsed["short_name"] == "Ringback"
    assert parsed["start_url"] == "/today"
    assert parsed["display"] == "standalone"
    assert parsed["theme_color"].startswith("#")
    icons = {(icon["sizes"], icon["purpose"]) for icon in parsed["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
