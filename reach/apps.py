from django.apps import AppConfig


class ReachConfig(AppConfig):
    """Second channels besides web push (Apprise): e-mail, ntfy, Telegram, Signal …"""

    name = "reach"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Other channels"
