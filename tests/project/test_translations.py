"""The one translation catalogue: compiled, complete in German, and what the app reads."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from contacts.models import Channel, Relationship
from project import catalogue, pwa
from reminders.models import Outcome, ReminderState
from scripts import messages

STATIC = Path(settings.BASE_DIR) / "static"


def _key(message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def test_every_compiled_catalogue_matches_its_po_file():
    # A .po edited without `make messages` would leave the server on the old words.
    assert messages.po_paths(), "no catalogue found"
    for po in messages.po_paths():
        assert messages.mo_path(po).read_bytes() == messages.compiled(po), (
            f"{po} changed without recompiling: run `make messages`"
        )


def test_german_translates_every_message_the_code_asks_for():
    used = {_key(m): m for m in messages.template() if m.id}
    german = {_key(m): m for m in messages.read(messages.LOCALE / "de/LC_MESSAGES/django.po")}

    missing = sorted(str(key) for key in used if key not in german)
    untranslated = sorted(
        str(key)
        for key, message in german.items()
        if key in used and (message.fuzzy or not all(_forms(message.string)))
    )

    assert len(used) > 150  # the extraction found our messages at all
    assert missing == [], "run `make messages`, then translate"
    assert untranslated == []


def _forms(string) -> tuple[str, ...]:
    return (string,) if isinstance(string, str) else tuple(string)


def test_every_placeholder_survives_translation():
    german = messages.read(messages.LOCALE / "de/LC_MESSAGES/django.po")
    placeholder = re.compile(r"\{\w+\}|%\(\w+\)[sd]")
    for message in german:
        if not message.id:
            continue
        ids = _forms(message.id)
        for form in _forms(message.string):
            assert set(placeholder.findall(form)) == set(placeholder.findall(ids[-1])), form


def _app_keys() -> set[str]:
    sources = [p.read_text() for p in (STATIC / "app").glob("*.js")]
    sources.append((Path(settings.BASE_DIR) / "project/templates/app.html").read_text())
    keys = set()
    for source in sources:
        keys |= set(re.findall(r"""\bt\(["']([\w.]+)["']""", source))
        keys |= set(re.findall(r'data-t="([\w.]+)"', source))
    # Keys built from a value: t(`rel.${…}`) and the like.
    keys |= {f"rel.{value}" for value in Relationship.values}
    keys |= {f"channel.{value}" for value in Channel.values}
    keys |= {f"outcome.{value}" for value in Outcome.values}
    keys |= {f"state.{value}" for value in ReminderState.values}
    keys |= {"snooze.tonight", "snooze.morning", "free.hour"}  # snoozeTimes() in today.js
    return keys


def test_every_word_the_app_asks_for_is_in_the_catalogue():
    keys = _app_keys()
    known = set(catalogue.STRINGS) | set(catalogue.PLURALS)

    assert len(keys) > 100
    assert sorted(keys - known) == []


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_app_gets_every_word_in_each_language(language):
    words = catalogue.app_words(language)

    assert set(words) == set(catalogue.STRINGS) | set(catalogue.PLURALS)
    assert all(words.values())


def test_the_app_reads_its_words_as_a_same_origin_module(client):
    response = client.get("/catalogue.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    source = response.content.decode()
    data = json.loads(source.removeprefix("export default ").rstrip().removesuffix(";"))
    assert data["languages"] == {"en": "English", "de": "Deutsch"}
    assert data["words"]["de"]["nav.settings"] == "Einstellungen"
    assert data["words"]["en"]["nav.settings"] == "Settings"
    assert data["words"]["de"]["today.waiting"] == [
        "{count} Aktion wartet aufs Senden.",
        "{count} Aktionen warten aufs Senden.",
    ]


def test_the_catalogue_is_the_same_whatever_the_browser_asks(client):
    english = client.get("/catalogue.js", HTTP_ACCEPT_LANGUAGE="en").content
    german = client.get("/catalogue.js", HTTP_ACCEPT_LANGUAGE="de").content

    assert english == german


def test_the_service_worker_precaches_the_catalogue_and_has_its_fallback_words(client):
    first_line = client.get("/sw.js").content.decode().splitlines()[0]
    config = json.loads(first_line.removeprefix("const RINGBACK = ").removesuffix(";"))

    assert "/catalogue.js" in config["precache"]
    assert config["fallback"]["en"]["body"] == "Someone is waiting for your call back."
    assert config["fallback"]["de"] == {
        "body": "Jemand wartet auf deinen Rückruf.",
        "call": "Zurückrufen",
        "text": "Schreiben",
        "email": "E-Mail",
    }


def test_a_changed_translation_is_a_new_release(monkeypatch):
    before = pwa.shell_version()
    monkeypatch.setattr(catalogue, "catalogue_source", lambda: "export default {};\n")

    assert pwa.shell_version() != before


def test_the_app_carries_no_words_of_its_own():
    # One catalogue: the German words live in locale/de, not in the app's code.
    for path in (STATIC / "app").glob("*.js"):
        assert "Einstellungen" not in path.read_text(), path
    assert "Rückruf" not in (STATIC / "sw.js").read_text()
