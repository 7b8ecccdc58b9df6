from django.apps import AppConfig


class VoicemailConfig(AppConfig):
    name = "voicemail"
    default_auto_field = "django.db.models.BigAutoField"
