"""A vCard file as lines of properties: the tolerant reading that real exports need.

Real exporters do not write what RFC 2426/6350 say (measured on real exports; the corpus
under tests/contacts/corpus): Android and Outlook break quoted-printable values with soft
line breaks (`=` at the end of a line); older iPhones write base64 photo bodies on
unindented lines; Apple writes UTF-16 without a byte-order mark; vCard 2.1 names the
character set per property (`CHARSET=SHIFT_JIS`), and one file may mix cards of
different encodings; property and parameter names come in any case; a 2.1 `AGENT` nests a
whole card inside another. This module reads the file as bytes, decodes each value by its
own character set (else UTF-8, else Windows-1252 as old Outlook writes), unfolds lines in
linear time, strips NUL bytes, drops bodies that are never imported (photos, sounds,
keys) and cuts the file into cards, a nested card becoming a card of its own.
"""

import codecs
import quopri
import re
from dataclasses import dataclass, field

# [group.]NAME, then its parameters or its value.
_PROPERTY = re.compile(rb"^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)(?=[;:])")
# Bodies that are never imported, and whose base64 lines may come unindented.
_DROPPED = {"PHOTO", "LOGO", "SOUND", "KEY", "X-MS-CARDPICTURE"}
# No value a person types is longer; a longer one is cut (a 5 MB NOTE is no note).
MAX_VALUE_CHARS = 10_000


@dataclass
class Property:
    """One property of a card: its upper-case name, group, parameters and value (decoded
    text, with the escapes of its vCard version still in it)."""

    name: str
    group: str
    params: dict[str, list[str]]
    value: str
    cut: bool = False  # longer than MAX_VALUE_CHARS, and cut there

    def param(self, key: str) -> str:
        values = self.params.get(key, [])
        return values[0] if values else ""

    @property
    def types(self) -> list[str]:
        """TYPE values in lower case, 2.1's bare ones too (TEL;CELL;VOICE)."""
        values = [*self.params.get("TYPE", []), *self.params.get("", [])]
        return [part.strip().lower() for value in values for part in value.split(",")]


@dataclass
class RawCard:
    properties: list[Property] = field(default_factory=list)
    ended: bool = False

    def version(self) -> str:
        found = self.all("VERSION")
        return found[0].value.strip() if found else "3.0"

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]


def to_utf8(data: bytes) -> bytes:
    """UTF-16 (with or without a byte-order mark) as UTF-8; NUL bytes gone."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode()
    head = data[:200]
    if len(head) >= 4 and head.count(0) >= len(head) // 3:
        # Every other byte NUL: UTF-16 without its mark; the NULs' side says which.
        encoding = "utf-16-be" if head[0] == 0 else "utf-16-le"
        return data.decode(encoding, errors="replace").encode()
    return data.removeprefix(codecs.BOM_UTF8).replace(b"\x00", b"")


def decode(data: bytes) -> str:
    """The whole file as text (for CSV and for telling the formats apart)."""
    data = to_utf8(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _text(raw: bytes, charset: str) -> str:
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _split(line: bytes) -> tuple[bytes, bytes]:
    """(name and parameters, value): the first colon outside double quotes."""
    head_end = line.find(b":")
    quote = line.find(b'"')
    if quote == -1 or head_end < quote:
        return (line, b"") if head_end == -1 else (line[:head_end], line[head_end + 1 :])
    quoted = False
    for position, char in enumerate(line):
        if char == 34:  # "
            quoted = not quoted
        elif char == 58 and not quoted:  # :
            return line[:position], line[position + 1 :]
    return line, b""


def _params(head: bytes) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in head.split(b";")[1:]:
        key, equals, value = part.decode("latin-1").partition("=")
        if not equals:
            key, value = "", key  # 2.1's bare TYPE (TEL;CELL)
        if key.upper() in ("ENCODING", "") and value.upper() in ("QUOTED-PRINTABLE", "BASE64"):
            key = "ENCODING"
        params.setdefault(key.strip().upper(), []).append(value.strip().strip('"'))
    return params


def _logical_lines(data: bytes) -> list[bytes]:
    """Folded lines (a leading space or tab) and quoted-printable soft breaks joined, in
    linear time whatever the line endings (CRLF, LF, CR)."""
    lines: list[list[bytes]] = []
    soft_break = False
    for raw in data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
        if soft_break and lines:
            lines[-1][-1] = lines[-1][-1][:-1]  # the "=" of the soft break
            lines[-1].append(raw)
        elif raw[:1] in (b" ", b"\t") and lines:
            lines[-1].append(raw[1:])
        else:
            lines.append([raw])
        last = lines[-1]
        soft_break = raw.endswith(b"=") and b"QUOTED-PRINTABLE" in last[0][:200].upper()
    return [b"".join(parts) for parts in lines]


def _property(line: bytes) -> Property | None:
    match = _PROPERTY.match(line)
    if match is None:
        return None  # an unindented base64 body, or stray text between properties
    name = match[2].decode().upper()
    if name in _DROPPED:
        return None
    head, value = _split(line)
    params = _params(head)
    encoding = params.get("ENCODING", [""])[0].upper()
    if encoding in ("BASE64", "B"):
        return None  # only pictures and keys come so, and they are not imported
    if encoding == "QUOTED-PRINTABLE":
        value = quopri.decodestring(value).replace(b"\x00", b"")
    text = _text(value, params.get("CHARSET", [""])[0])
    if encoding == "QUOTED-PRINTABLE":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    group = (match[1] or b"").decode().lower()
    cut = len(text) > MAX_VALUE_CHARS
    return Property(name=name, group=group, params=params, value=text[:MAX_VALUE_CHARS], cut=cut)


def raw_cards(data: bytes) -> list[RawCard]:
    """Every card of the file in order; a card nested in another by 2.1's AGENT is a card
    of its own and the outer one goes on after it. A card cut short (the next one
    begins, or the file ends, before its END) comes with `ended` False."""
    cards: list[RawCard] = []
    open_cards: list[RawCard] = []
    for line in _logical_lines(to_utf8(data)):
        stripped = line.strip()
        upper = stripped.upper()
        if upper == b"BEGIN:VCARD" or _AGENT_INLINE.match(upper):
            # Inside an open card: a nested one (2.1's AGENT, or Android's nesting without
            # it), or the open one was cut short and never ends (then it is reported).
            card = RawCard()
            cards.append(card)
            open_cards.append(card)
        elif not open_cards:
            continue
        elif upper == b"END:VCARD":
            open_cards.pop().ended = True
        elif stripped and (found := _property(line.lstrip())) is not None:
            open_cards[-1].properties.append(found)
    return cards


# 2.1 writes a nested card as AGENT:BEGIN:VCARD, or AGENT: with BEGIN:VCARD next.
_AGENT_INLINE = re.compile(rb"^(?:[A-Z0-9_-]+\.)?AGENT(?:;[^:]*)?:BEGIN:VCARD$")


def is_vcard(text: str) -> bool:
    return "BEGIN:VCARD" in text[:4096].upper()
