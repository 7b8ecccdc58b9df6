"""Refuse a request body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it.

Django checks the limit only where it reads the whole body itself (request.body, form
parsing); DRF's JSON parser reads the stream and would take any size.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _("The request body is larger than the limit of %(limit)d bytes.") % {"limit": limit}


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(
                request, lambda: _("The Content-Length header is not a number."), 400
            )
        if limit is not None and length > limit:
            return self._refuse(request, too_large_message, 413)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, message: Callable[[], str], status: int) -> HttpResponse:
        # This runs before LocaleMiddleware: without this, the thread's language would
        # be whatever its previous request used.
        with translation.override(translation.get_language_from_request(request)):
            return JsonResponse({"detail": str(message())}, status=status)
