from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from contacts.models import PhoneNumber
        from reminders.signals import phone_number_saved

        post_save.connect(
            phone_number_saved, sender=PhoneNumber, dispatch_uid="reminders.phone_number_saved"
        )
