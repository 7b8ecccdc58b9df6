"""A CalDAV account (RFC 4791) through the caldav library: find its calendars, then read
what changed in one since the last sync (RFC 6578 sync-collection: one REPORT when
nothing did) and the events that changed (one calendar-multiget). Read-only."""

from dataclasses import dataclass

import caldav
from caldav.lib import error as caldav_error
from django.utils.translation import gettext as _
from requests.exceptions import RequestException

from sources.davtransport import Transport
from sources.http import Client
from sources.problems import ADDRESS, COLLECTION, SourceProblem


@dataclass(frozen=True)
class Found:
    url: str
    name: str


@dataclass
class Changed:
    """What changed in a calendar: {href: (etag, iCalendar text)}, hrefs gone, the new
    token, and whether every event was listed (then one not listed is gone too)."""

    events: dict[str, tuple[str, str]]
    gone: list[str]
    token: str
    full: bool


def _failed(why: object) -> SourceProblem:
    return SourceProblem(
        ADDRESS, _("The calendar server answered with an error: %(why)s") % {"why": why}
    )


# What the caldav library raises on an answer it cannot read: its own errors, requests'
# and, on a server that is no calendar server (an HTML page, a 404), whatever its parsing
# runs into. A user's server is untrusted input: each is a SourceProblem, never a 500.
UNREADABLE = (
    caldav_error.DAVError,
    RequestException,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
    SyntaxError,  # (lxml's XMLSyntaxError is one)
)


class CalDAV:
    def __init__(self, client: Client, url: str) -> None:
        self.client = client
        # No credentials for the library: sources.http adds them to every request.
        self.dav = caldav.DAVClient(url)
        transport = Transport(client)
        self.dav.session.mount("https://", transport)
        self.dav.session.mount("http://", transport)

    def discover(self) -> list[Found]:
        """The account's calendars that hold events, or a SourceProblem."""
        try:
            calendars = self.dav.principal().calendars()
            found = [
                Found(str(calendar.url), calendar.get_display_name() or "")
                for calendar in calendars
                if "VEVENT" in (calendar.get_supported_components() or ["VEVENT"])
            ]
        except UNREADABLE:
            raise SourceProblem(
                ADDRESS, _("This address does not answer as a calendar server.")
            ) from None
        if not found:
            raise SourceProblem(COLLECTION, _("No calendar was found at this address."))
        return found

    def changes(self, url: str, token: str) -> Changed:
        """What changed since `token` ("" for everything); an expired token: everything."""
        calendar = self.dav.calendar(url=url)
        try:
            try:
                listed = calendar.objects_by_sync_token(sync_token=token or None)
            except caldav_error.ReportError:
                if not token:
                    raise
                listed = calendar.objects_by_sync_token(sync_token=None)
                token = ""
            etags = {str(item.url): item.props.get("{DAV:}getetag", "") for item in listed}
            wanted = [caldav.lib.url.URL.objectify(href) for href in etags]
            loaded = {
                str(event.url): (etags.get(str(event.url), ""), str(event.data))
                for event in (calendar.multiget(wanted) if wanted else [])
                if event.data
            }
        except UNREADABLE as problem:
            raise _failed(problem) from None
        gone = [href for href in etags if href not in loaded]
        return Changed(loaded, gone, str(listed.sync_token or ""), full=not token)

    def events(self, url: str, hrefs: list[str]) -> dict[str, str]:
        """{href: iCalendar text} of these events (one calendar-multiget)."""
        calendar = self.dav.calendar(url=url)
        try:
            wanted = [caldav.lib.url.URL.objectify(href) for href in hrefs]
            return {str(e.url): str(e.data) for e in calendar.multiget(wanted) if e.data}
        except UNREADABLE as problem:
            raise _failed(problem) from None
