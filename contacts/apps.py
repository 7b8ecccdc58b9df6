from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Contacts")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from contacts.signals import user_saved

        post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="contacts.user_saved")
