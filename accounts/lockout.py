"""One lock on every way to sign in.

django-axes checks it inside authenticate() (its backend comes first in
AUTHENTICATION_BACKENDS), so the admin's login form, the app's login API and any sign-in
added later share the same counts; authenticate() without the request is refused, so a
new way in cannot skip it. Failed attempts are counted three ways, each with a limit of
its own (settings, from the environment variables named):

- one account from one client address (AXES_FAILURE_LIMIT, LOGIN_FAILURE_LIMIT, 10): the
  lock a guesser hits; it does not touch the owner signing in from another address;
- one account from anywhere (LOGIN_ACCOUNT_FAILURE_LIMIT, 100): a guesser spreading over
  many addresses. Much higher, because it is the one a stranger could use to lock the
  owner out of their own account; an account with two-factor sign-in has none, since a
  guessed password alone does not sign in (accounts.second_factor);
- one address, whatever the account (LOGIN_ADDRESS_FAILURE_LIMIT, 30): one client trying
  many usernames.

While locked, even the right password is refused (a guesser must not learn it is right).
A count lasts AXES_COOLOFF_TIME (LOGIN_LOCKOUT_MINUTES, 60) after its last failure;
attempts refused while locked are not counted, so a lock ends that long after the
guessing that caused it. The counts are rows in the database (axes' AccessAttempt), shared
by every web process; a superuser can delete them in the admin to lift a lock early.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

from accounts.second_factor import has_second_factor
from accounts.users import User


def account_of(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account an attempt is for: "Alice " and "alice" are counted as one."""
    username = (credentials or {}).get("username")
    if not isinstance(username, str):
        return None
    return username.strip().lower()


def client_address(request: HttpRequest) -> str | None:
    # The same address the API's throttles see (X-Forwarded-For only behind NUM_PROXIES).
    return BaseThrottle().get_ident(request)  # type: ignore[arg-type]  # reads only META


def _limit_of(parameter: str | list[str]) -> int:
    names = _names(parameter)
    limits = {
        frozenset({"username", "ip_address"}): settings.AXES_FAILURE_LIMIT,
        frozenset({"username"}): settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
        frozenset({"ip_address"}): settings.LOGIN_ADDRESS_FAILURE_LIMIT,
    }
    if names not in limits:
        raise ImproperlyConfigured(f"No failure limit for the lockout parameters {parameter}.")
    return limits[names]


class LoginFailureHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit per lockout parameter set.

    Axes compares a single number, get_failures(), with AXES_FAILURE_LIMIT (both where it
    refuses an attempt and where it marks the attempt that reaches a limit). This returns
    each set's count scaled to AXES_FAILURE_LIMIT by its own limit, the largest of them:
    floor(count * AXES_FAILURE_LIMIT / limit) reaches AXES_FAILURE_LIMIT exactly when
    count reaches limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        base = settings.AXES_FAILURE_LIMIT
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        guarded = _has_second_factor(account_of(request, credentials))
        scaled = [
            (matching.aggregate(total=Sum("failures_since_start"))["total"] or 0)
            * base
            // _limit_of(parameter)
            for parameter, matching in zip(parameters, attempts, strict=True)
            if not (guarded and _names(parameter) == ACCOUNT_WIDE)
        ]
        return max(scaled, default=0)


ACCOUNT_WIDE = frozenset({"username"})


def _names(parameter: str | list[str]) -> frozenset[str]:
    return frozenset([parameter] if isinstance(parameter, str) else parameter)


def _has_second_factor(account: str | None) -> bool:
    """An account with two-factor sign-in is not locked account-wide: a stranger who
    guesses from many addresses is stopped at each address and, past the password, by
    the second factor; the owner signing in from their own address is not locked out."""
    if not account:
        return False
    user = User.objects.filter(username__iexact=account).first()
    return user is not None and has_second_factor(user)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The answer to a refused sign-in: JSON for the API, a page for the admin."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    match = getattr(request, "resolver_match", None)
    if match is not None and "api" in match.namespaces:
        response: HttpResponse = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(
            request,
            "accounts/locked_out.html",
            {"title": _("Signing in is locked"), "message": lockout_message()},
            status=429,
        )
    response["Retry-After"] = retry_after
    return response
