"""The group that gives a non-superuser what they need in the admin.

Add a household member or colleague to "Ringback users" and mark them staff: the
admin then shows them their own contacts, calls and reminders, and nobody else's.
"""

from django.apps import apps as global_apps

MEMBERS_GROUP = "Ringback users"

_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "contact": ("add", "change", "delete", "view"),
        "phonenumber": ("add", "change", "delete", "view"),
        "contactdate": ("add", "change", "delete", "view"),
        "touch": ("view",),
        "relationshiprhythm": ("add", "change", "delete", "view"),
    },
    "accounts": {"preferences": ("change", "view")},
    "reminders": {
        "relationshipwindow": ("add", "change", "delete", "view"),
        "missedcall": ("delete", "view"),
        "reminder": ("change", "view"),
        "attempt": ("view",),
        "delivery": ("view",),
        "deliveryattempt": ("view",),
    },
    # Their address books and mailboxes: seen (and removed) in the admin, added in the app.
    "sources": {"source": ("delete", "view")},
}


def ensure_members_group(apps=global_apps, **kwargs: object) -> None:
    # Runs after every app's migrations (each app's permissions appear after its own):
    # adding what exists so far is idempotent, and the last app's run completes it.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in _PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = [
        permission
        for app_label, codename in codenames
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]
    group.permissions.add(*permissions)
