"""Every user, however made (setup, admin, createsuperuser), starts with preferences."""

from django.contrib.auth.models import AbstractBaseUser


def user_saved(
    sender: type, instance: AbstractBaseUser, created: bool, raw: bool, **kwargs
) -> None:
    if created and not raw:
        from accounts.services import account_prepare

        account_prepare(user=instance)
