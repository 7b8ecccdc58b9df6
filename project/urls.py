from django.contrib import admin
from django.urls import include, path

from project import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("setup/", views.owner_setup, name="owner-setup"),
    path("admin/", admin.site.urls),
    path("api/", include("project.api_urls")),
    path("healthz", health.healthz, name="healthz"),
]
