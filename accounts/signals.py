"""Every user, however made (setup, admin, createsuperuser), starts with preferences."""

from accounts.users import User


def user_saved(sender: type, instance: User, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        from accounts.services import account_prepare

        account_prepare(user=instance)
