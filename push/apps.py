from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "push"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Web push")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from push.signals import user_deleting

        user = get_user_model()
        pre_delete.connect(user_deleting, sender=user, dispatch_uid="push.user_deleting")
