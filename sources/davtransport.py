"""The caldav library's requests, sent through sources.http: a requests transport adapter
(requests' documented extension point), so every request the library makes goes to a
checked, pinned address with the source's credentials, a time-out and a size cap."""

from io import BytesIO
from typing import Any

from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse

from sources.http import Client


class Transport(BaseAdapter):
    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client
        self._build = HTTPAdapter()  # only its build_response (a public method)

    def send(  # type: ignore[override]  # (the time-out and TLS are sources.http's)
        self, request: PreparedRequest, **_kwargs: Any
    ) -> Response:
        body = request.body.encode() if isinstance(request.body, str) else request.body
        if body is not None and not isinstance(body, bytes):
            raise TypeError("caldav sends whole bodies")
        headers = {
            str(key): value if isinstance(value, str) else value.decode()
            for key, value in request.headers.items()
            if key.lower()
            not in ("authorization", "host", "user-agent", "content-length", "accept-encoding")
            # (sources.http sets the first four; an answer it reads comes decoded)
        }
        answer = self.client.request(request.method or "GET", request.url or "", body, headers)
        raw = HTTPResponse(
            body=BytesIO(answer.body),
            headers=answer.headers,
            status=answer.status,
            preload_content=False,
            decode_content=False,
        )
        return self._build.build_response(request, raw)

    def close(self) -> None:
        self._build.close()
