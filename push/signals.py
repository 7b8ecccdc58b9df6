"""A user who goes takes their subscriptions along: django-webpush keeps the keys in rows
that do not point at the user (only the link between them does), and the user's
deletion, by whatever route (the app, the admin), would leave them behind."""

from accounts.users import User


def user_deleting(sender: type, instance: User, **kwargs: object) -> None:
    from push.services import push_subscriptions_forget

    push_subscriptions_forget(user=instance)
