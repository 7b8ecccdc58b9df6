"""The phone app's files: which ones make up the shell, and the version that names them.

The service worker precaches the shell under a version derived from the bytes of every
shell file, so any deploy that changes one of them ships a new service worker, which
replaces the cached shell as a whole: no stale shell after a deploy, and no version
number to bump by hand.
"""

import hashlib
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from project import catalogue

# The shell's modules and styles live in static/app/; of the icons, offline needs only
# the ones the page and notifications show.
SHELL_FOLDER = "app"
SHELL_ICONS = ("icons/icon-192.png", "icons/badge-96.png")
SHELL_TEMPLATE = "app.html"
SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
# Pages served from the cache when offline; every app route renders this one shell.
SHELL_URL = "/"
# The app's words in every language, from the translation catalogue (project.catalogue);
# precached like a shell file, so the app speaks the user's language offline.
CATALOGUE_URL = "/catalogue.js"
# The phone app's screens and their paths: the one list. Django serves the shell at each
# (project.urls), the shell tells the app (data-routes) and the service worker gets them
# in its config, so a route added here exists everywhere.
APP_ROUTES: dict[str, str] = {
    "home": "",
    "today": "today",
    "log": "log",
    "contacts": "contacts",
    "contact": "contacts/<int:id>",
    "settings": "settings",
    "import": "import",
    "reminder": "reminders/<int:id>",
    "session": "session",
    "stats": "stats",
    "login": "login",
    "setup": "setup",
}


def route_patterns() -> dict[str, str]:
    """Each route as the source of a JavaScript regular expression, an id as (\\d+)."""
    return {
        name: "^/" + re.sub(r"<int:\w+>", r"(\\d+)", re.escape(route)) + "$"
        for name, route in APP_ROUTES.items()
    }


def static_path(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(f"static/{name} is missing")
    return Path(found)


def shell_files() -> list[str]:
    """Static names (e.g. "app/main.js") of the shell's modules, styles and icons."""
    root = static_path(SERVICE_WORKER).parent
    modules = sorted(p for p in (root / SHELL_FOLDER).rglob("*") if p.is_file())
    return [p.relative_to(root).as_posix() for p in modules] + list(SHELL_ICONS)


def asset_url(name: str) -> str:
    # Plain, unhashed URLs: module imports inside the files are relative and unhashed
    # too, and the service worker (versioned by content) is what busts caches.
    return f"{settings.STATIC_URL}{name}"


def shell_html() -> str:
    modules = [CATALOGUE_URL, *(asset_url(n) for n in shell_files() if n.endswith(".js"))]
    return render_to_string(
        SHELL_TEMPLATE,
        {
            "static": settings.STATIC_URL,
            "modules": modules,
            "routes": json.dumps(route_patterns(), separators=(",", ":")),
        },
    )


def shell_version() -> str:
    digest = hashlib.sha256(shell_html().encode())
    # A changed translation is a new release too.
    digest.update(catalogue.catalogue_source().encode())
    for name in [SERVICE_WORKER, MANIFEST, *shell_files()]:
        digest.update(name.encode())
        digest.update(static_path(name).read_bytes())
    return digest.hexdigest()[:16]


def service_worker_source() -> str:
    """sw.js, preceded by the version, the list of files it precaches and, per language,
    the words of a notification whose push brought none."""
    config = {
        "version": shell_version(),
        "shell": SHELL_URL,
        "routes": list(route_patterns().values()),
        "precache": [
            SHELL_URL,
            "/" + MANIFEST,
            CATALOGUE_URL,
            *(asset_url(n) for n in shell_files()),
        ],
        "fallback": {code: catalogue.notification_fallback(code) for code in catalogue.languages()},
    }
    source = static_path(SERVICE_WORKER).read_text(encoding="utf-8")
    return f"const RINGBACK = {json.dumps(config)};\n{source}"


def manifest_bytes() -> bytes:
    return static_path(MANIFEST).read_bytes()
