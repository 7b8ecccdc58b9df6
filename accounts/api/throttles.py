"""Request budgets kept in the default cache (per process unless CACHE_URL is shared)."""

import hashlib

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """Each personal token has its own budget; the app's session has none."""

    scope = "token"

    def get_cache_key(self, request: Request, view) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class FailureThrottle(SimpleRateThrottle):
    """Counts only what the view reports as a failure (a wrong password), so signing
    in correctly never uses up the budget, and a locked-out client stays locked out."""

    def throttle_success(self) -> bool:
        return True

    def record_failure(self, request: Request, view) -> None:
        key = self.get_cache_key(request, view)
        if key is None:
            return
        history = [t for t in self.cache.get(key, []) if t > self.timer() - self.duration]
        history.insert(0, self.timer())
        self.cache.set(key, history, self.duration)


class LoginAccountThrottle(FailureThrottle):
    """Guessing one account's password from many addresses still hits this."""

    scope = "login_account"

    def get_cache_key(self, request: Request, view) -> str | None:
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username.strip():
            return None
        # Hashed: a username may hold anything, a cache key may not.
        ident = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginAddressThrottle(FailureThrottle):
    """One address trying many accounts hits this."""

    scope = "login_address"

    def get_cache_key(self, request: Request, view) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SetupAddressThrottle(SimpleRateThrottle):
    """The first-run form is open to anyone until the owner exists."""

    scope = "login_address"

    def get_cache_key(self, request: Request, view) -> str | None:
        return self.cache_format % {"scope": "setup", "ident": self.get_ident(request)}


class WebhookThrottle(SimpleRateThrottle):
    scope = "webhook"

    def get_cache_key(self, request: Request, view) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
