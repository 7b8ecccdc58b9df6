from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from contacts.signals import touch_recorded
        from reminders.signals import touch_recorded as settle

        touch_recorded.connect(settle, dispatch_uid="reminders.touch_recorded")
