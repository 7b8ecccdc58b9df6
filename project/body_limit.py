"""Refuse a request body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it, and
read a chunked body instead of taking it for an empty one.

Django checks the limit only where it reads the whole body itself (request.body, form
parsing); DRF's JSON parser reads the stream and would take any size.

A chunked request (Transfer-Encoding: chunked) has no Content-Length, and Django's WSGI
request then reads nothing: the body would silently be empty. gunicorn (the Procfile's
server) decodes the chunks itself and says so with `wsgi.input_terminated`; such a body
is read here, within the limit. A server that does not (runserver) gets a 411.

A body over the limit is a 413, but on the paths that take a file (settings.LARGER_BODIES)
it is a 400 on the `file` field naming the file's limit, as the view's own check says it:
what the person chose is too large, whichever check sees it first.
"""

from collections.abc import Callable
from io import BytesIO

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def too_large_message(limit: int | None = None) -> object:
    limit = limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _("The request body is larger than the limit of %(limit)d bytes.") % {"limit": limit}


# Room for the multipart envelope around a file (boundaries, headers, other fields).
MULTIPART_ALLOWANCE = 64 * 1024


def file_too_large_message(limit: int) -> str:
    return _("A file may have at most %(size)s.") % {"size": filesizeformat(limit)}


def _chunked_without_length(request: HttpRequest) -> bool:
    # Only WSGI requests: Django's ASGI request reads the whole body whatever its length.
    return (
        "wsgi.input" in request.META
        and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        and not request.META.get("CONTENT_LENGTH")
    )


def _read_all(stream, most: int | None) -> bytes:
    """Up to `most` bytes (all, if None) from a stream that ends where the body ends."""
    parts: list[bytes] = []
    size = 0
    while most is None or size < most:
        part = stream.read(65536 if most is None else min(65536, most - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A few paths take files (settings.LARGER_BODIES); their views check the file.
        file_limit = settings.LARGER_BODIES.get(request.path_info)
        limit = (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if file_limit is None
            else file_limit + MULTIPART_ALLOWANCE
        )
        if _chunked_without_length(request):
            refused = self._read_chunked(request, limit, file_limit)
            if refused is not None:
                return refused
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(
                request, lambda: _("The Content-Length header is not a number."), 400
            )
        if limit is not None and length > limit:
            return self._too_large(request, limit, file_limit)
        return self.get_response(request)

    def _too_large(self, request: HttpRequest, limit: int, file_limit: int | None) -> HttpResponse:
        if file_limit is not None:
            with translation.override(translation.get_language_from_request(request)):
                message = file_too_large_message(file_limit)
            return JsonResponse({"file": [message]}, status=400)
        return self._refuse(request, lambda: too_large_message(limit), 413)

    @staticmethod
    def _refuse(request: HttpRequest, message: Callable[[], object], status: int) -> HttpResponse:
        # This runs before LocaleMiddleware: without this, the thread's language would
        # be whatever its previous request used.
        with translation.override(translation.get_language_from_request(request)):
            return JsonResponse({"detail": str(message())}, status=status)

    def _read_chunked(
        self, request: HttpRequest, limit: int | None, file_limit: int | None
    ) -> HttpResponse | None:
        if not request.META.get("wsgi.input_terminated"):
            return self._refuse(
                request,
                lambda: _(
                    "Send the body with a Content-Length header: this server cannot read a "
                    "chunked body."
                ),
                411,
            )
        body = _read_all(request.META["wsgi.input"], None if limit is None else limit + 1)
        if limit is not None and len(body) > limit:
            return self._too_large(request, limit, file_limit)
        # What Django's WSGIRequest would have made with a Content-Length: from here on,
        # the request reads as if the client had sent one.
        request.META["CONTENT_LENGTH"] = str(len(body))
        request._stream = LimitedStream(BytesIO(body), len(body))  # type: ignore[assignment]
        return None
