from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # project/ is configuration, not an app: its checks are registered here, with
        # the first-run commands (prepare_data_dir, generate_vapid_key).
        from django.core import checks

        from project.checks import data_dir_check, vapid_subject_check

        checks.register(data_dir_check)
        checks.register(vapid_subject_check, checks.Tags.security, deploy=True)
