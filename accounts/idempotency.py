"""Idempotency-Key on action POSTs: a retry gets the first successful answer again.

Phones on bad networks resend a POST whose answer they never received; without this a
retried "snooze" or "attempt" would act twice, or fail with a confusing 409.

As the IETF draft "The Idempotency-Key HTTP Header Field" has it:
- the key is claimed (a pending row, under its unique constraint) before the action runs,
  so of two concurrent requests with one key only one runs it; the other gets **409**
  "in progress" with Retry-After, and a retry after the first has finished gets its answer;
- the same key with another request (method, path or body) is a **422**;
- an action that fails (4xx, 5xx, an exception) releases the claim: a retry runs it.

It is the one way Ringback makes a request safe to repeat: the app's and automations'
actions, a missed call logged (its key may also come as `client_id`), and a telephony
provider's callback (keyed by its call's id).
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.auth import signed_in
from accounts.models import ActionReplay, ReplayState
from accounts.services import action_replay_claim, action_replay_finish, action_replay_release
from accounts.users import User

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
# An action takes well under a second; a claim still pending after this long belongs to a
# request that died (a worker killed mid-action), and a retry may take it over.
ABANDONED_AFTER = timedelta(minutes=5)
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


def request_fingerprint(request: Request, *, ignoring: tuple[str, ...] = ()) -> str:
    """What makes a retry the same request: method, path and the body's content. The
    body as parsed, in a canonical form: the raw bytes may be gone already (the CSRF
    check of a session parses them) and key order or spacing do not change a request.
    Fields `ignoring` may differ between a request and its retries."""
    data = request.data
    if ignoring and isinstance(data, dict):
        data = {name: value for name, value in data.items() if name not in ignoring}
    content = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
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


def replayed(
    *, owner: User, key: str, request: Request, fingerprint: str, run: Callable[[], Response]
) -> Response:
    """The answer of `run()`, run once for the owner's key: a retry gets the first
    successful answer again. The claim is committed before the action runs (a concurrent
    retry sees it), and the action's writes are committed together with its answer, so
    that a request that dies in between leaves neither."""
    claim, claimed = action_replay_claim(
        owner=owner,
        key=key,
        path=request.path,
        request_hash=fingerprint,
        abandoned_before=timezone.now() - ABANDONED_AFTER,
    )
    if not claimed:
        return _answer_to_retry(claim, request, fingerprint)
    try:
        with transaction.atomic():
            response = run()
            if status.is_success(response.status_code):
                action_replay_finish(
                    claim=claim, status_code=response.status_code, body=response.data
                )
                return response
    except BaseException:
        action_replay_release(claim=claim)
        raise
    action_replay_release(claim=claim)
    return response


Handler = Callable[..., Response]


def replayable(
    handler: Handler | None = None,
    *,
    key: Callable[[Request], str] = idempotency_key,
    ignoring: tuple[str, ...] = (),
) -> Any:
    """A view method run once per Idempotency-Key (or the key `key` finds in the
    request) of the signed-in user; fields `ignoring` may differ in a retry."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
            found = key(request)
            if not found:
                return handler(view, request, *args, **kwargs)
            return replayed(
                owner=signed_in(request),
                key=found,
                request=request,
                fingerprint=request_fingerprint(request, ignoring=ignoring),
                run=lambda: handler(view, request, *args, **kwargs),
            )

        return wrapper

    return decorate(handler) if handler is not None else decorate
