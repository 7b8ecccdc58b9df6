from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import session
from accounts.api.tokens import TokenViewSet

router = SimpleRouter(use_regex_path=False)
router.register("tokens", TokenViewSet, basename="token")

urlpatterns = [
    path("auth/session/", session.SessionView.as_view(), name="session"),
    path("auth/login/", session.LoginView.as_view(), name="login"),
    path("auth/logout/", session.LogoutView.as_view(), name="logout"),
    path("auth/setup/", session.SetupView.as_view(), name="setup"),
    *router.urls,
]
