import html
import json
import re
from html.parser import HTMLParser

import pytest

from project import pwa

# Every route of the one list, with an id where it takes one.
APP_ROUTES = ["/" + route.replace("<int:id>", "7") for route in pwa.APP_ROUTES.values()]


class InlineCode(HTMLParser):
    """Collects what a strict Content Security Policy would block."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            self._in_script = True
            if "src" not in names:
                self.found.append("<script> without src")
        self.found.extend(
            f"{tag}[{name}]" for name in names if name == "style" or name.startswith("on")
        )

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("inline script")


@pytest.mark.parametrize("route", APP_ROUTES)
def test_every_app_route_serves_the_shell(client, route):
    response = client.get(route)

    assert response.status_code == 200
    assert response.content.decode() == pwa.shell_html()
    assert "no-cache" in response["Cache-Control"]


def test_the_shell_holds_nothing_a_strict_csp_blocks(client):
    parser = InlineCode()
    parser.feed(client.get("/").content.decode())

    assert parser.found == []


def test_pages_carry_a_csp_without_inline_code(client):
    policy = client.get("/today")["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_the_shell_holds_no_user_data_or_csrf_token(client, user):
    client.force_login(user)

    page = client.get("/today").content.decode()

    assert user.username not in page
    assert "csrfmiddlewaretoken" not in page


def test_the_admin_stays_where_it_was(client):
    assert client.get("/admin/").status_code == 302


def test_the_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]


def test_the_service_worker_precaches_the_shell_under_its_version(client):
    first_line = client.get("/sw.js").content.decode().splitlines()[0]
    config = json.loads(first_line.removeprefix("const RINGBACK = ").removesuffix(";"))

    assert config["version"] == pwa.shell_version()
    assert config["shell"] == "/"
    assert {"/", "/manifest.webmanifest", "/static/app/main.js", "/static/app/app.css"} <= set(
        config["precache"]
    )
    for url in config["precache"]:
        assert client.get(url).status_code == 200, url


def test_a_changed_shell_file_changes_the_version(monkeypatch):
    before = pwa.shell_version()
    monkeypatch.setattr(pwa, "shell_html", lambda: "<!doctype html><p>a new release</p>")

    assert pwa.shell_version() != before


def test_the_manifest_is_served_at_the_root_as_a_web_app_manifest(client):
    response = client.get("/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/today"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_the_app_and_the_service_worker_get_the_routes_from_the_one_list(client):
    shell = client.get("/today").content.decode()
    worker = client.get("/sw.js").content.decode()
    config = json.loads(worker.split("\n", 1)[0].removeprefix("const RINGBACK = ").rstrip(";"))

    routes = json.dumps(pwa.route_patterns(), separators=(",", ":"))
    assert f'data-routes="{html.escape(routes)}"' in shell
    assert config["routes"] == list(pwa.route_patterns().values())
    for path in APP_ROUTES:
        assert any(re.fullmatch(source.strip("^$"), path) for source in config["routes"]), path
