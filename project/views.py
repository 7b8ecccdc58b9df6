"""The phone app: one shell page for every app route, its manifest and service worker.

The shell holds no user data and no CSRF token, so the service worker may cache it and
serve it offline; the app reads everything else from the API.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from project import catalogue, pwa


def _no_cache(response: HttpResponse) -> HttpResponse:
    # Revalidate every time: a deploy must reach phones on their next visit.
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
def app_shell(request: HttpRequest, **route: int) -> HttpResponse:
    return _no_cache(HttpResponse(pwa.shell_html()))


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    return _no_cache(HttpResponse(pwa.manifest_bytes(), content_type="application/manifest+json"))


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        pwa.service_worker_source(), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return _no_cache(response)


@require_safe
def app_catalogue(request: HttpRequest) -> HttpResponse:
    """The app's words in every language (a module the app imports; no inline script)."""
    return _no_cache(
        HttpResponse(catalogue.catalogue_source(), content_type="text/javascript; charset=utf-8")
    )
