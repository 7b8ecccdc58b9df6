from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    """Second channels besides web push (Apprise): e-mail, ntfy, Telegram, Signal …"""

    name = "reach"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Other channels")

    def ready(self) -> None:
        from reach import signals
        from reminders.dispatch.deliver import steps_due

        steps_due.connect(signals.steps_due, dispatch_uid="reach.steps_due")
