from django.urls import path

from reminders import health

urlpatterns = [path("healthz", health.healthz, name="healthz")]
