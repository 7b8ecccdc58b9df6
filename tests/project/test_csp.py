"""The header built once is the header django-csp builds each time; what django-csp does
per response (a view's own parts, exemptions, report-only, nonces) it still does."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse

from project.csp import CSPMiddleware


def _answer(middleware_class, request, response):
    middleware = middleware_class(lambda request: response)
    middleware.process_request(request)
    return middleware.process_response(request, response)


def _both(rf, path="/api/reminders/", **attributes):
    answers = []
    for middleware_class in (CSPMiddleware, DjangoCSPMiddleware):
        response = HttpResponse("{}")
        for name, value in attributes.items():
            setattr(response, name, value)
        answers.append(_answer(middleware_class, rf.get(path), response))
    return answers


def test_the_header_is_django_csps(rf, client):
    ours, theirs = _both(rf)

    assert ours[HEADER] == theirs[HEADER]
    assert "default-src 'self'" in ours[HEADER]
    assert HEADER_REPORT_ONLY not in ours
    assert client.get("/api/reminders/")[HEADER] == ours[HEADER]


def test_a_views_own_parts_and_exemptions_are_honoured(rf):
    updated, theirs = _both(rf, _csp_update={"img-src": ["https://example.com"]})
    exempt, _theirs = _both(rf, _csp_exempt=True)

    assert updated[HEADER] == theirs[HEADER]
    assert "https://example.com" in updated[HEADER]
    assert HEADER not in exempt


def test_a_changed_policy_and_report_only_are_built_anew(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF, "cdn.test"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"script-src": [SELF]},
        "EXCLUDE_URL_PREFIXES": ["/admin/"],
    }

    ours, theirs = _both(rf)
    excluded, excluded_theirs = _both(rf, path="/admin/")

    assert ours[HEADER] == theirs[HEADER] == "default-src 'self' cdn.test"
    assert ours[HEADER_REPORT_ONLY] == theirs[HEADER_REPORT_ONLY]
    assert HEADER_REPORT_ONLY not in excluded
    assert HEADER_REPORT_ONLY not in excluded_theirs


def test_a_request_that_read_its_nonce_gets_django_csps_header(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    headers = []
    for middleware_class in (CSPMiddleware, DjangoCSPMiddleware):
        request = rf.get("/")
        middleware = middleware_class(lambda request: HttpResponse())
        middleware.process_request(request)
        nonce = str(request.csp_nonce)
        response = middleware.process_response(request, HttpResponse())
        headers.append(response[HEADER].replace(nonce, "NONCE"))

    assert headers[0] == headers[1]
    assert "script-src 'self' 'nonce-NONCE'" in headers[0]


def test_a_nonce_cannot_be_read_after_the_header_is_written(rf):
    request = rf.get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse())

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
