"""The tolerant pre-pass: real exports as vobject can read them.

vobject reads well-formed vCards, which real exporters do not always write (measured on
real exports): Android and Outlook break quoted-printable values
with soft line breaks (`=` at the end of a line) that vobject does not join; older
iPhones write base64 photo bodies on unindented lines; Gmail and others leave commas in
FN and NOTE unescaped, where vobject keeps only the text before the first one. This
module repairs those, drops what is never imported (photos, sounds, keys), decodes the
file (UTF-8 with or without BOM, UTF-16, else Windows-1252 as old Outlook writes) and
cuts it into one text per card, so that a broken card cannot take the others with it.
"""

import codecs
import quopri
import re

# [group.]NAME followed by its parameters or its value.
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
# Bodies that are never imported, and whose base64 lines may come unindented.
_DROPPED = {"PHOTO", "LOGO", "SOUND", "KEY", "X-MS-CARDPICTURE"}
# Text values that vobject cuts at an unescaped comma.
_TEXT = {"FN", "NOTE"}
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")


def decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _split(line: str) -> tuple[str, str]:
    """(name and parameters, value): the first colon outside double quotes divides them."""
    quoted = False
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:position], line[position + 1 :]
    return line, ""


def _is_quoted_printable(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.upper()


def _unfold(text: str) -> list[str]:
    """Logical lines: folded lines (a leading space or tab) and quoted-printable soft
    breaks joined, whatever the line endings (CRLF, LF, CR)."""
    lines: list[str] = []
    for raw in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        previous = lines[-1] if lines else ""
        if previous.endswith("=") and _is_quoted_printable(_split(previous)[0]):
            lines[-1] = previous[:-1] + raw
        elif raw[:1] in (" ", "\t") and lines:
            lines[-1] = previous + raw[1:]
        else:
            lines.append(raw)
    return lines


def _decoded(head: str, value: str) -> tuple[str, str]:
    """A quoted-printable value as plain vCard text, without ENCODING and CHARSET."""
    params = head.split(";")
    charset = "utf-8"
    kept = [params[0]]
    for param in params[1:]:
        key, _, setting = param.partition("=")
        if key.upper() == "CHARSET":
            charset = setting.strip('"') or charset
        elif param.upper() not in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE"):
            kept.append(param)
    raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
    try:
        text = raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        text = raw.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return ";".join(kept), text


def _repaired(line: str) -> str | None:
    """The line as vobject can read it; None for a line that is dropped."""
    match = _PROPERTY.match(line)
    if match is None:
        return None  # an unindented base64 body, or stray text between properties
    name = match[1].upper()
    if name in _DROPPED:
        return None
    head, value = _split(line)
    if _is_quoted_printable(head):
        head, value = _decoded(head, value)
    if name in _TEXT:
        value = _UNESCAPED_COMMA.sub(r"\\,", value)
    return f"{head}:{value}"


def vcard_blocks(text: str) -> list[str]:
    """One text per card (BEGIN:VCARD … END:VCARD), repaired. A card cut short (the
    next one begins, or the file ends, before its END) comes without its END line."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for raw in _unfold(text):
        line = raw.strip() if raw.upper().strip() in ("BEGIN:VCARD", "END:VCARD") else raw
        upper = line.upper()
        if upper == "BEGIN:VCARD":
            current = [line]
            blocks.append(current)
        elif current is None:
            continue
        elif upper == "END:VCARD":
            current.append(line)
            current = None
        elif line.strip() and (repaired := _repaired(line)) is not None:
            current.append(repaired)
    return ["\r\n".join(block) + "\r\n" for block in blocks]


def is_vcard(text: str) -> bool:
    return "BEGIN:VCARD" in text[:4096].upper()
