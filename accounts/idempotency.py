"""Idempotency-Key on action POSTs: a retry gets the first successful answer again.

Phones on bad networks resend a POST whose answer they never received; without this a
retried "snooze" or "attempt" would act twice, or fail with a confusing 409.

As the IETF draft "The Idempotency-Key HTTP Header Field" has it:
- the key is claimed (a pending row, under its unique constraint) before the action runs,
  so of two concurrent requests with one key only one runs it; the other gets **409**
  "in progress" with Retry-After, and a retry after the first has finished gets its answer;
- the same key with another request (method, path or body) is a **422**;
- an action that fails (4xx, 5xx, an exception) releases the claim: a retry runs it.

The action and the answer kept for its retries commit in one transaction: a pending claim
never has an action behind it that took effect. So when the database goes away mid-action
(nothing of the action is written, and the claim cannot be released then), a retry may
take the claim over as soon as no request can still be running it.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.auth import signed_in
from accounts.models import ActionReplay, ReplayState
from accounts.services import action_replay_claim, action_replay_finish, action_replay_release

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
# An action takes well under a second, and no request outlives the web worker's timeout
# (gunicorn's, 30 s: it kills the worker): a claim still pending after this long belongs to
# a request that died or lost its database, and a retry may take it over.
ABANDONED_AFTER = timedelta(minutes=1)
RETRY_AFTER_SECONDS = 1


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


def request_fingerprint(request: Request) -> str:
    """What makes a retry the same request: method, path and the body's content. The
    body as parsed, in a canonical form: the raw bytes may be gone already (the CSRF
    check of a session parses them) and key order or spacing do not change a request."""
    content = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    text = f"{request.method}\n{request.path}\n{content}"
    return hashlib.sha256(text.encode()).hexdigest()


def _same_request(earlier: ActionReplay, request: Request, fingerprint: str) -> bool:
    if not earlier.request_hash:
        return earlier.path == request.path  # stored before requests were hashed
    return earlier.request_hash == fingerprint


def _answer_to_retry(earlier: ActionReplay, request: Request, fingerprint: str) -> Response:
    if not _same_request(earlier, request, fingerprint):
        return Response(
            {
                "detail": _("This %(header)s was already used for another request.")
                % {"header": HEADER}
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if earlier.state == ReplayState.PENDING:
        return Response(
            {
                "detail": _("A request with this %(header)s is still in progress; retry shortly.")
                % {"header": HEADER}
            },
            status=status.HTTP_409_CONFLICT,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return Response(earlier.body, status=earlier.status_code)


def _release(claim: ActionReplay) -> None:
    try:
        action_replay_release(claim=claim)
    except (OperationalError, InterfaceError):
        # The database is away: the claim stays pending, and is taken over by a retry
        # after ABANDONED_AFTER. The action itself was rolled back with its transaction.
        logger.warning("could not release idempotency claim %s", claim.pk, exc_info=True)


def replayable(handler: Callable[..., Response]) -> Callable[..., Response]:
    @wraps(handler)
    def wrapper(view, request: Request, *args, **kwargs) -> Response:
        key = idempotency_key(request)
        if not key:
            return handler(view, request, *args, **kwargs)
        fingerprint = request_fingerprint(request)
        claim, claimed = action_replay_claim(
            owner=signed_in(request),
            key=key,
            path=request.path,
            request_hash=fingerprint,
            abandoned_before=timezone.now() - ABANDONED_AFTER,
        )
        if not claimed:
            return _answer_to_retry(claim, request, fingerprint)
        try:
            with transaction.atomic():
                response = handler(view, request, *args, **kwargs)
                if status.is_success(response.status_code):
                    action_replay_finish(
                        claim=claim, status_code=response.status_code, body=response.data
                    )
        except BaseException:
            _release(claim)
            raise
        if not status.is_success(response.status_code):
            action_replay_release(claim=claim)
        return response

    return wrapper
