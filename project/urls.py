from django.contrib import admin
from django.urls import include, path

from project import pwa, views

# Database or broker away: 503 with Retry-After, not a 500 (project/unavailable.py).
handler500 = "project.unavailable.server_error_or_unavailable"

urlpatterns = [
    *(path(route, views.app_shell, name=f"app-{name}") for name, route in pwa.APP_ROUTES.items()),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("catalogue.js", views.app_catalogue, name="app-catalogue"),
    # Before the admin: its password change, the old password counted by the sign-in lock.
    path("admin/", include("accounts.admin_urls")),
    path("admin/", admin.site.urls),
    path("api/", include("project.api_urls")),
    path("", include("reminders.urls")),
]
