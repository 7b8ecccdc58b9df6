"""Everything under /api/: the app's JSON API, its OpenAPI schema and docs, webhooks."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from contacts.api.views import ContactViewSet
from reminders.api import session, views
from reminders.api.webhooks import TwilioVoiceStatusView

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("contacts", ContactViewSet, basename="contact")
router.register("reminders", views.ReminderViewSet, basename="reminder")
router.register("missed-calls", views.MissedCallViewSet, basename="missed-call")
router.register("tokens", views.TokenViewSet, basename="token")

urlpatterns = [
    path("auth/session/", session.SessionView.as_view(), name="session"),
    path("auth/login/", session.LoginView.as_view(), name="login"),
    path("auth/logout/", session.LogoutView.as_view(), name="logout"),
    path("auth/setup/", session.SetupView.as_view(), name="setup"),
    path("me/", views.MeView.as_view(), name="me"),
    path("push/config/", views.PushConfigView.as_view(), name="push-config"),
    path("push/subscriptions/", views.PushSubscriptionView.as_view(), name="push-subscriptions"),
    path(
        "webhooks/twilio/<str:secret>/voice-status/",
        TwilioVoiceStatusView.as_view(),
        name="twilio-voice-status",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
