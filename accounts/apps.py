from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_migrate, post_save, pre_delete

        from accounts.members import ensure_members_group
        from accounts.signals import user_deleting, user_saved

        user = get_user_model()
        post_save.connect(user_saved, sender=user, dispatch_uid="accounts.user_saved")
        pre_delete.connect(user_deleting, sender=user, dispatch_uid="accounts.user_deleting")
        post_migrate.connect(ensure_members_group, dispatch_uid="accounts.members_group")

        # project/ is configuration, not an app: its checks are registered here, with
        # the first-run commands (prepare_data_dir, generate_vapid_key).
        from django.core import checks

        from project.checks import data_dir_check, vapid_subject_check

        checks.register(data_dir_check)
        checks.register(vapid_subject_check, checks.Tags.security, deploy=True)
