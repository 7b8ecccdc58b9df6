"""Calendars on the tests' Radicale (tests.sources.radicale_server), filled over its own
HTTP interface as a phone's calendar app would."""

from datetime import datetime

from tests.sources.radicale_server import USER, Radicale


def make_calendar(radicale: Radicale, name: str = "calendar", title: str = "") -> str:
    body = (
        '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" '
        'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:resourcetype>'
        "<d:collection/><c:calendar/></d:resourcetype>"
        f"<d:displayname>{title or name}</d:displayname></d:prop></d:set></d:mkcol>"
    ).encode()
    status = radicale.request("MKCOL", f"/{USER}/{name}/", body)
    assert status == 201, status
    return f"{radicale.url}/{USER}/{name}/"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def event(uid: str, start: datetime, end: datetime, *lines: str, summary: str = "") -> str:
    body = "".join(line + "\r\n" for line in lines)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{_stamp(start)}\r\n"
        f"DTEND:{_stamp(end)}\r\nSUMMARY:{summary}\r\n{body}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def put_event(radicale: Radicale, uid: str, text: str, calendar: str = "calendar") -> None:
    status = radicale.request(
        "PUT",
        f"/{USER}/{calendar}/{uid}.ics",
        text.encode(),
        **{"Content-Type": "text/calendar"},
    )
    assert status in (201, 204), status


def delete_event(radicale: Radicale, uid: str, calendar: str = "calendar") -> None:
    assert radicale.request("DELETE", f"/{USER}/{calendar}/{uid}.ics") in (200, 204)
