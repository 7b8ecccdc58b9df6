"""The Content-Security-Policy header, built once.

django-csp rebuilds the header from the settings for every response (copying each
directive; ~0.3 ms, a tenth of the reminder list's CPU). Nothing here changes the
policy per view or uses a nonce, so the header is the same for every response: it is
built once per policy setting and set as django-csp would. A response or request that
does carry its own parts (a csp decorator, a nonce read) gets django-csp's own answer.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(DjangoCSPMiddleware):
    # (the enforced and report-only settings it was built from, their two headers)
    _built: tuple[object, object, tuple[str, str]] | None = None

    def _headers(self) -> tuple[str, str]:
        # Kept with the settings objects themselves: a test that overrides them gets
        # headers of its own (identity, as ids could be reused once an object is gone).
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        reported = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = type(self)._built
        if built is None or built[0] is not enforced or built[1] is not reported:
            headers = (build_policy(), build_policy(report_only=True))
            built = type(self)._built = (enforced, reported, headers)
        return built[2]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # django-csp leaves Django's debug pages alone
        enforced, reported = self._headers()
        for header, value, exempt, setting in (
            (HEADER, enforced, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, reported, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if not value or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        # As django-csp: a nonce read after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
