"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live
server (the test database is a file, so the server's thread sees what a test stores).

On a laptop without /usr/bin/chromium they skip and say why; in CI (CI=true) a missing
browser fails the run instead.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.app.browser import CHROMIUM, LAUNCH_ARGS, PATIENCE_MS, sign_in, wait_for_control
from tests.ci import require
from tests.factories import PreferencesFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def require_chromium() -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium")


@pytest.hookimpl(trylast=True)  # after pytest-django has ordered the tests by database use
def pytest_collection_modifyitems(items):
    # Once started, Playwright's event loop stays in the main thread until the session
    # ends, and Django refuses ORM calls next to a running loop: browser tests go last.
    items.sort(key=lambda item: "playwright" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def playwright(playwright):
    # Playwright's sync API keeps an event loop in the test's thread; the ORM calls made
    # between browser steps (and the database flush after each test) are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Expectations wait for what they expect, not for Playwright's default 5 s (its
    # actions and navigations wait 30 s; the contexts made here wait PATIENCE_MS).
    expect.set_options(timeout=PATIENCE_MS)
    yield playwright
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def phone(playwright) -> dict:
    """The context options of a Pixel 7 (without Playwright's own browser choice)."""
    device = dict(playwright.devices["Pixel 7"])
    device.pop("default_browser_type")
    return device


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, phone, live_server):
    return {**browser_context_args, **phone, "base_url": live_server.url}


PASSWORD = "correct horse battery"


@pytest.fixture
def owner(transactional_db):
    user = UserFactory(username="alice", password=PASSWORD)
    PreferencesFactory(user=user, time_zone="Europe/Berlin")
    return user


@pytest.fixture
def own_browser(browser_type, browser_type_launch_args):
    """A browser of its own for a test that shows notifications: Chromium numbers each
    profile's notifications from 1, and a closing context of a shared browser closes
    the next context's namesake."""
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture
def app_page(own_browser, browser_context_args, owner):
    """The owner's phone on the app: signed in, its service worker in control."""
    context = own_browser.new_context(**browser_context_args)
    context.set_default_timeout(PATIENCE_MS)
    context.grant_permissions(["notifications"])
    sign_in(context, owner.username, PASSWORD)
    page = context.new_page()
    page.goto("/today")
    wait_for_control(page)
    return page


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
