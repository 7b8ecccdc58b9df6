"""Refuse a request body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it.

Django checks the limit only where it reads the whole body itself (request.body, form
parsing); DRF's JSON parser reads the stream and would take any size.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is larger than the limit of {limit} bytes."


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse(
                {"detail": "The Content-Length header is not a number."}, status=400
            )
        if limit is not None and length > limit:
            return JsonResponse({"detail": too_large_message()}, status=413)
        return self.get_response(request)
