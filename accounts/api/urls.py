from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import second_factor, session
from accounts.api.tokens import TokenViewSet

router = SimpleRouter(use_regex_path=False)
router.register("tokens", TokenViewSet, basename="token")

urlpatterns = [
    path("auth/session/", session.SessionView.as_view(), name="session"),
    path("auth/login/", session.LoginView.as_view(), name="login"),
    path("auth/second-factor/", session.SecondFactorView.as_view(), name="second-factor"),
    path("auth/logout/", session.LogoutView.as_view(), name="logout"),
    path("auth/setup/", session.SetupView.as_view(), name="setup"),
    path("me/two-factor/", second_factor.SecondFactorView.as_view(), name="two-factor"),
    path(
        "me/two-factor/confirm/",
        second_factor.SecondFactorConfirmView.as_view(),
        name="two-factor-confirm",
    ),
    path(
        "me/two-factor/recovery-codes/",
        second_factor.RecoveryCodesView.as_view(),
        name="two-factor-recovery-codes",
    ),
    *router.urls,
]
