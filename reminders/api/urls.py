from django.urls import path
from rest_framework.routers import SimpleRouter

from reminders.api import views
from reminders.api.calendar import CalendarFeedView
from reminders.api.export import AccountExportView
from reminders.api.me import CalendarRotateView, GreetingView, MeView
from reminders.api.receipts import ReceiptView
from reminders.api.stats import StatsView
from reminders.api.webhooks import TwilioVoiceStatusView

router = SimpleRouter(use_regex_path=False)
router.register("reminders", views.ReminderViewSet, basename="reminder")
router.register("missed-calls", views.MissedCallViewSet, basename="missed-call")
router.register("contacts", views.ContactHistoryViewSet, basename="contact-history")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/greeting/", GreetingView.as_view(), name="me-greeting"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("push/receipts/", ReceiptView.as_view(), name="push-receipts"),
    path("me/calendar/rotate/", CalendarRotateView.as_view(), name="calendar-rotate"),
    path("export/", AccountExportView.as_view(), name="export"),
    path("calendar/<str:secret>.ics", CalendarFeedView.as_view(), name="calendar-feed"),
    path(
        "webhooks/twilio/<str:secret>/voice-status/",
        TwilioVoiceStatusView.as_view(),
        name="twilio-voice-status",
    ),
    *router.urls,
]
