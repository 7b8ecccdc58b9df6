"""Who may call a telephony webhook: Twilio, proven by its signature over the public URL
it called and the form it sent (the `twilio` package's RequestValidator)."""

import logging
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from twilio.request_validator import RequestValidator

logger = logging.getLogger(__name__)


def public_url(request: Request, path: str) -> str:
    """The address the outside world uses for `path` (what a provider calls and signs)."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path)


def twilio_signature_check(request: Request) -> None:
    """PermissionDenied (403) unless Twilio signed this request with the auth token."""
    if not settings.TWILIO_AUTH_TOKEN:
        raise PermissionDenied(_("TWILIO_AUTH_TOKEN is not set on this server."))
    validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
    signature = request.headers.get("X-Twilio-Signature", "")
    url = public_url(request, request.get_full_path())
    if not validator.validate(url, request.POST, signature):
        raise PermissionDenied(_("The Twilio signature does not match this URL and body."))


def twilio_fields(request: Request, serializer_class: type[Serializer]) -> dict[str, Any] | None:
    """The signed request's fields, or None (logged with all it sent) when they cannot
    be used: the caller answers a signed request 2xx all the same, since Twilio does not
    send again after a 4xx and would only raise an alert."""
    twilio_signature_check(request)
    serializer = serializer_class(data=request.data)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    logger.warning(
        "a signed Twilio request with fields that cannot be used: %s; it sent %r",
        serializer.errors,
        request.POST.dict(),
    )
    return None
