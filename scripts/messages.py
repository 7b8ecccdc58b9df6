"""The translation catalogue, without GNU gettext: `make messages` runs this.

    python -m scripts.messages          # extract the messages, update every .po, compile
    python -m scripts.messages compile  # only compile the .po files into .mo files

Extraction reads the Python of our apps with Babel, using Django's gettext function
names; every language's django.po gets the new messages (untranslated) and loses the
ones no longer used. The compiled .mo files are committed, so no machine needs msgfmt.
The tests (tests/project/test_translations.py) use the same functions to check that
each .mo matches its .po and that German translates every message.
"""

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
DOMAIN = "django"
SOURCES = ("accounts", "contacts", "project", "push", "reminders", "reach", "voicemail", "sources")
# Django's translation functions, and which arguments are the context and the messages.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators:",)


# Django's template tags: {% translate "…" %} and {% blocktranslate %}…{% endblocktranslate %}
# (with its `trimmed`, `count` and `{% plural %}`; a variable becomes %(name)s, as
# Django looks it up).
TRANSLATE_TAG = re.compile(
    r"""{%\s*trans(?:late)?\s+(["'])(.*?)\1(?:\s+context\s+(["'])(.*?)\3)?[^%]*%}"""
)
BLOCK_TAG = re.compile(
    r"{%\s*blocktrans(?:late)?\b([^%]*)%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _block_message(options: str, body: str) -> str:
    if "trimmed" in options.split():
        body = " ".join(line.strip() for line in body.splitlines() if line.strip())
    return VARIABLE.sub(r"%(\1)s", body)


def extract_template(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel's extraction method for our Django templates."""
    text = fileobj.read().decode("utf-8")
    for match in TRANSLATE_TAG.finditer(text):
        lineno = text.count("\n", 0, match.start()) + 1
        if match.group(4):
            yield lineno, "pgettext", [match.group(4), match.group(2)], []
        else:
            yield lineno, "gettext", match.group(2), []
    for match in BLOCK_TAG.finditer(text):
        lineno = text.count("\n", 0, match.start()) + 1
        options, body = match.group(1), match.group(2)
        if "{% plural %}" in body:
            singular, plural = body.split("{% plural %}")
            yield (
                lineno,
                "ngettext",
                [_block_message(options, singular), _block_message(options, plural)],
                [],
            )
        else:
            yield lineno, "gettext", _block_message(options, body), []


# Besides our own messages, extracted from the code: the admin's JavaScript words that
# Django's German catalogue lacks, written by hand (djangojs.po), compiled here too.
DOMAINS = (DOMAIN, "djangojs")


def po_paths(domain: str | None = None) -> list[Path]:
    domains = (domain,) if domain else DOMAINS
    return sorted(po for name in domains for po in LOCALE.glob(f"*/LC_MESSAGES/{name}.po"))


def mo_path(po: Path) -> Path:
    return po.with_suffix(".mo")


def read(po: Path) -> Catalog:
    with po.open("rb") as file:
        return read_po(file, locale=po.parent.parent.name)


def template() -> Catalog:
    """Every message our code asks for, as found in the source."""
    catalog = Catalog(project="Ringback", version="1", fuzzy=False)
    for folder in SOURCES:
        found = extract_from_dir(
            ROOT / folder,
            method_map=[
                ("**/migrations/**", "ignore"),
                ("**.py", "python"),
                ("**/templates/**.html", extract_template),
            ],
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                locations=[(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file; fuzzy translations are left out, as msgfmt does."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po), use_fuzzy=False)
    return buffer.getvalue()


def update(po: Path, source: Catalog) -> None:
    catalog = read(po)
    created = catalog.creation_date  # kept: a date that changes every run is noise
    catalog.update(source, no_fuzzy_matching=True)
    catalog.creation_date = created
    catalog.obsolete.clear()
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, sort_output=False)
    po.write_bytes(buffer.getvalue())


def compile_all() -> None:
    for po in po_paths():
        mo_path(po).write_bytes(compiled(po))
        print(f"compiled {mo_path(po).relative_to(ROOT)}")  # noqa: T201


def main(arguments: list[str]) -> None:
    if arguments != ["compile"]:
        source = template()
        for po in po_paths(DOMAIN):
            update(po, source)
            missing = [m.id for m in read(po) if m.id and (not m.string or m.fuzzy)]
            print(f"{po.relative_to(ROOT)}: {len(missing)} to translate")  # noqa: T201
    compile_all()


if __name__ == "__main__":
    main(sys.argv[1:])
