"""Idempotency-Key on action POSTs: a retry gets the first successful answer again.

Phones on bad networks resend a POST whose answer they never received; without this a
retried "snooze" or "attempt" would act twice, or fail with a confusing 409.
"""

from collections.abc import Callable
from functools import wraps

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.auth import signed_in
from accounts.models import ActionReplay
from accounts.services import action_replay_save

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def idempotency_key(request: Request) -> str:
    key = request.headers.get(HEADER, "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            {
                HEADER: [
                    _("An idempotency key has at most %(max)d characters.")
                    % {"max": MAX_KEY_LENGTH}
                ]
            }
        )
    return key


def replayable(handler: Callable[..., Response]) -> Callable[..., Response]:
    @wraps(handler)
    def wrapper(view, request: Request, *args, **kwargs) -> Response:
        key = idempotency_key(request)
        if not key:
            return handler(view, request, *args, **kwargs)
        earlier = ActionReplay.objects.filter(owner=signed_in(request), key=key).first()
        if earlier is not None:
            if earlier.path != request.path:
                return Response(
                    {
                        "detail": _("This %(header)s was already used for another request.")
                        % {"header": HEADER}
                    },
                    status=status.HTTP_409_CONFLICT,
                )
            return Response(earlier.body, status=earlier.status_code)
        response = handler(view, request, *args, **kwargs)
        if status.is_success(response.status_code):
            action_replay_save(
                owner=signed_in(request),
                key=key,
                path=request.path,
                status_code=response.status_code,
                body=response.data,
            )
        return response

    return wrapper
