from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicemailConfig(AppConfig):
    name = "voicemail"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Voicemail")

    def ready(self) -> None:
        from reminders.callers import twilio_call_ended
        from voicemail.signals import twilio_call_ended as hung_up

        twilio_call_ended.connect(hung_up, dispatch_uid="voicemail.twilio_call_ended")
