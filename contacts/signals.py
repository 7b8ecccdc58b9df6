"""Every new account starts with the usual keep-in-touch rhythms."""

from accounts.users import User


def user_saved(sender: type, instance: User, created: bool, raw: bool, **kwargs: object) -> None:
    if created and not raw:
        from contacts.services import rhythms_start

        rhythms_start(user=instance)
