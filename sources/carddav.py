"""A CardDAV client (RFC 6352) over sources.http: find the account's address books (the
home set named at the URL given or by its principal, else /.well-known/carddav), list
them with their ctag and sync-token in one request, then read what changed in each since
the last sync (RFC 6578 sync-collection, else each card's ETag).
Read-only: it never writes to the server."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.utils.translation import gettext as _

from sources.http import Answer, Client
from sources.problems import ADDRESS, COLLECTION, SourceProblem

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CS = "http://calendarserver.org/ns/"
MULTIGET_BATCH = 250


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>' + body).encode()


@dataclass(frozen=True)
class Book:
    """An address book as listed: its address, name and what says whether it changed."""

    url: str
    name: str
    ctag: str
    sync_token: str


@dataclass
class Response:
    href: str  # absolute URL
    status: int
    props: dict[str, ET.Element] = field(default_factory=dict)


def _status(text: str | None) -> int:
    parts = (text or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def parse_multistatus(answer: Answer) -> tuple[list[Response], str]:
    """The responses of a 207 (found props only) and the sync-token it carries."""
    if answer.status != 207:
        raise SourceProblem(
            ADDRESS, _("The server answered %(status)d, not WebDAV.") % {"status": answer.status}
        )
    try:
        root = ET.fromstring(answer.body)
    except ET.ParseError:
        raise SourceProblem(ADDRESS, _("The server's answer is not WebDAV.")) from None
    responses = []
    for node in root.findall(_q(DAV, "response")):
        href = urljoin(answer.url, (node.findtext(_q(DAV, "href")) or "").strip())
        response = Response(href, _status(node.findtext(_q(DAV, "status"))))
        for propstat in node.findall(_q(DAV, "propstat")):
            if _status(propstat.findtext(_q(DAV, "status"))) // 100 != 2:
                continue
            response.status = response.status or 200
            for prop in propstat.findall(_q(DAV, "prop")):
                for child in prop:
                    response.props[child.tag] = child
        responses.append(response)
    return responses, (root.findtext(_q(DAV, "sync-token")) or "").strip()


def _href_in(response: Response, prop: str, base: str) -> str | None:
    element = response.props.get(prop)
    href = element.findtext(_q(DAV, "href")) if element is not None else None
    return urljoin(base, href.strip()) if href else None


def _text(response: Response, prop: str) -> str:
    element = response.props.get(prop)
    return (element.text or "").strip() if element is not None else ""


def _is_addressbook(response: Response) -> bool:
    kind = response.props.get(_q(DAV, "resourcetype"))
    return kind is not None and kind.find(_q(CARD, "addressbook")) is not None


def _book(response: Response) -> Book:
    return Book(
        url=response.href,
        name=_text(response, _q(DAV, "displayname"))[:200],
        ctag=_text(response, _q(CS, "getctag"))[:1000],
        sync_token=_text(response, _q(DAV, "sync-token"))[:1000],
    )


PROPS = (
    "<d:prop><d:resourcetype/><d:displayname/><d:current-user-principal/>"
    "<c:addressbook-home-set/><cs:getctag/><d:sync-token/></d:prop>"
)
LIST_PROPS = "<d:prop><d:resourcetype/><d:displayname/><cs:getctag/></d:prop>"
NAMESPACES = f'xmlns:d="{DAV}" xmlns:c="{CARD}" xmlns:cs="{CS}"'


class CardDAV:
    def __init__(self, client: Client) -> None:
        self.client = client

    def propfind(self, url: str, depth: str, props: str = PROPS) -> list[Response]:
        body = _xml(f"<d:propfind {NAMESPACES}>{props}</d:propfind>")
        headers = {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"}
        return parse_multistatus(self.client.request("PROPFIND", url, body, headers))[0]

    def _first(self, url: str) -> Response:
        responses = self.propfind(url, "0")
        if not responses:
            raise SourceProblem(ADDRESS, _("The server said nothing about this address."))
        return responses[0]

    def _home(self, here: Response) -> str | None:
        home = _href_in(here, _q(CARD, "addressbook-home-set"), here.href)
        if home is None:
            principal = _href_in(here, _q(DAV, "current-user-principal"), here.href)
            if principal is not None:
                home = _href_in(self._first(principal), _q(CARD, "addressbook-home-set"), principal)
        return home

    def discover(self, url: str) -> tuple[str, list[Book]]:
        """Where the account's address books are listed (their home set, or the one
        address book given when the server names no home) and the books found there."""
        try:
            here = self._first(url)
        except SourceProblem as problem:
            if problem.field != ADDRESS:
                raise
            # A server's address without the path: RFC 6764's well-known entry point.
            parts = urlsplit(url)
            here = self._first(f"{parts.scheme}://{parts.netloc}/.well-known/carddav")
        home = self._home(here)
        if home is None and _is_addressbook(here):
            return here.href, [_book(here)]
        if home is None:
            raise SourceProblem(COLLECTION, _("No address book was found at this address."))
        books = self.books(home)
        if not books:
            raise SourceProblem(COLLECTION, _("This account has no address book."))
        return home, books

    def books(self, home: str, *, tokens: bool = True) -> list[Book]:
        """The address books in a home set with their ctag (and sync-token): one request
        tells which of them changed. `tokens=False` when the ctag says it: a server may
        work out each of them by reading every card (Radicale: the ctag of 5,000 cards
        0.13 s of its CPU, ctag and sync-token 0.32 s)."""
        props = PROPS if tokens else LIST_PROPS
        return [_book(r) for r in self.propfind(home, "1", props) if _is_addressbook(r)]

    def book(self, url: str) -> tuple[Book, str | None]:
        """One address book's state, and the home set it names (a source made when only
        the address book was known moves on to its home)."""
        here = self._first(url)
        if not _is_addressbook(here):
            raise SourceProblem(COLLECTION, _("This address is not an address book."))
        return _book(here), self._home(here)

    def changes(self, collection: str, token: str) -> tuple[dict[str, str], list[str], str] | None:
        """RFC 6578: {href: etag} changed, hrefs removed and the new token since `token`
        ("" for everything); None when the server cannot (or no longer can) say."""
        body = _xml(
            f"<d:sync-collection {NAMESPACES}><d:sync-token>{_escape(token)}</d:sync-token>"
            "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
        )
        headers = {"Content-Type": "application/xml; charset=utf-8"}
        answer = self.client.request("REPORT", collection, body, headers)
        if answer.status != 207:
            return None  # 403/409 valid-sync-token, 400/501 unsupported: compare ETags
        responses, new_token = parse_multistatus(answer)
        changed: dict[str, str] = {}
        removed: list[str] = []
        for response in responses:
            if _same(response.href, collection):
                continue
            if response.status == 404:
                removed.append(response.href)
            elif response.props:
                changed[response.href] = _text(response, _q(DAV, "getetag"))
        return changed, removed, new_token

    def etags(self, collection: str) -> dict[str, str]:
        """Every card's ETag (the fallback without sync-collection)."""
        responses = self.propfind(collection, "1", "<d:prop><d:getetag/><d:resourcetype/></d:prop>")
        return {
            r.href: _text(r, _q(DAV, "getetag"))
            for r in responses
            if not _same(r.href, collection)
            and r.props.get(_q(DAV, "resourcetype")) is not None
            and len(r.props[_q(DAV, "resourcetype")]) == 0
        }

    def cards(self, collection: str, hrefs: list[str]) -> dict[str, tuple[str, str]]:
        """{href: (etag, vCard text)} of these cards (addressbook-multiget, in batches)."""
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = hrefs[start : start + MULTIGET_BATCH]
            listed = "".join(f"<d:href>{_escape(urlsplit(h).path)}</d:href>" for h in batch)
            body = _xml(
                f"<c:addressbook-multiget {NAMESPACES}><d:prop><d:getetag/><c:address-data/>"
                f"</d:prop>{listed}</c:addressbook-multiget>"
            )
            headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
            answer = self.client.request("REPORT", collection, body, headers)
            for response in parse_multistatus(answer)[0]:
                data = response.props.get(_q(CARD, "address-data"))
                if data is not None and data.text:
                    found[response.href] = (_text(response, _q(DAV, "getetag")), data.text)
        return found


def _same(href: str, collection: str) -> bool:
    return unquote(urlsplit(href).path).rstrip("/") == unquote(urlsplit(collection).path).rstrip(
        "/"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
