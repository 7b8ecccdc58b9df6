"""Every user, however made (setup, admin, createsuperuser), starts with preferences;
every user deleted, however (the app, the admin), leaves no sign-in records behind."""

from accounts.users import User


def user_saved(sender: type, instance: User, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        from accounts.services import account_prepare

        account_prepare(user=instance)


def user_deleting(sender: type, instance: User, **kwargs: object) -> None:
    # axes keeps failed and successful sign-ins by username, not by a key to the user.
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=instance.get_username()).delete()
