"""Every user, however made (setup, admin, createsuperuser), starts with preferences;
every user deleted, however (the app, the admin), leaves no sign-in records behind."""

from accounts.users import User


def user_saved(sender: type, instance: User, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        from accounts.services import account_prepare

        account_prepare(user=instance)


def user_deleting(sender: type, instance: User, **kwargs: object) -> None:
    # axes keeps failed and successful sign-ins by username, not by a key to the user, and
    # by the name as accounts.lockout.account_of normalises it ("Dave" is kept as "dave").
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.db.models import Q

    from accounts.lockout import account_of
    from accounts.sessions import sessions_of_user_delete

    name = instance.get_username()
    kept_as = Q(username=name) | Q(username=account_of(None, {"username": name}))  # type: ignore[arg-type]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(kept_as).delete()
    sessions_of_user_delete(user=instance)
