from django.contrib import admin
from django.urls import include, path

from project import views

# The phone app's routes (see the shared contract): each serves the same shell.
APP_ROUTES = {
    "": "home",
    "today": "today",
    "log": "log",
    "contacts": "contacts",
    "contacts/<int:contact_id>": "contact",
    "settings": "settings",
    "reminders/<int:reminder_id>": "reminder",
    "login": "login",
    "setup": "setup",
}

urlpatterns = [
    *(path(route, views.app_shell, name=f"app-{name}") for route, name in APP_ROUTES.items()),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("catalogue.js", views.app_catalogue, name="app-catalogue"),
    path("admin/", admin.site.urls),
    path("api/", include("project.api_urls")),
    path("", include("reminders.urls")),
]
