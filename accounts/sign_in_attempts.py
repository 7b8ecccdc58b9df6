"""django-axes, the sign-in lock (accounts.lockout), installed under a name the admin
can say in the owner's language instead of "Axes" (project.settings names this config)."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignInAttemptsConfig(AppConfig):
    verbose_name = _("Sign-in attempts")
