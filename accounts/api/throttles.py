"""Request budgets kept in the default cache (per process unless CACHE_URL is shared)."""

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


class SetupAddressThrottle(SimpleRateThrottle):
    """The first-run form is open to anyone until the owner exists. (Signing in is
    limited inside authenticate(), for every way in: accounts.lockout.)"""

    scope = "setup"

    def get_cache_key(self, request: Request, view) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class WebhookThrottle(SimpleRateThrottle):
    scope = "webhook"

    def get_cache_key(self, request: Request, view) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
