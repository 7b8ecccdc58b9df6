from django.contrib import admin
from django.urls import include, path

from accounts import passwords
from project import pwa, views

# Database or broker away: 503 with Retry-After, not a 500 (project/unavailable.py).
handler500 = "project.unavailable.server_error_or_unavailable"

urlpatterns = [
    *(path(route, views.app_shell, name=f"app-{name}") for name, route in pwa.APP_ROUTES.items()),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("catalogue.js", views.app_catalogue, name="app-catalogue"),
    # The admin's password change, its old password counted by the sign-in lock.
    path(
        "admin/password_change/",
        admin.site.admin_view(passwords.admin_password_change),
        name="counted-password-change",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("project.api_urls")),
    path("", include("reminders.urls")),
]
