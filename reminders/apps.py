from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from contacts.models import PhoneNumber
        from contacts.signals import contacts_merging, numbers_created, touch_recorded
        from reminders.signals import contacts_merging as merge_reminders
        from reminders.signals import numbers_created as adopt_created
        from reminders.signals import phone_number_saved
        from reminders.signals import touch_recorded as settle

        touch_recorded.connect(settle, dispatch_uid="reminders.touch_recorded")
        numbers_created.connect(adopt_created, dispatch_uid="reminders.numbers_created")
        contacts_merging.connect(merge_reminders, dispatch_uid="reminders.contacts_merging")
        post_save.connect(
            phone_number_saved, sender=PhoneNumber, dispatch_uid="reminders.phone_number_saved"
        )
