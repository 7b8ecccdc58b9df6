"""The permissions a superuser gives users and groups, named in the reader's language:
Django stores each one's name in English when it is made ("Can add contact"), so the
admin's user and group forms say it again from the codename and the model's own names."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils.translation import pgettext

DEFAULT_ACTIONS = ("add", "change", "delete", "view")


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or permission.codename != f"{action}_{model._meta.model_name}":
        return str(permission)  # a permission of its own: its name is all there is
    if action not in DEFAULT_ACTIONS:
        return str(permission)
    words = {
        "add": pgettext("permission", "Can add %(model)s"),
        "change": pgettext("permission", "Can change %(model)s"),
        "delete": pgettext("permission", "Can delete %(model)s"),
        "view": pgettext("permission", "Can view %(model)s"),
    }[action]
    app = model._meta.app_config.verbose_name
    return f"{app} | {words % {'model': model._meta.verbose_name}}"


def admin_permissions() -> QuerySet[Permission]:
    """The permissions of the models the admin shows, on their own pages or inline in
    another's: the others give nothing to do."""
    shown = Q()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        inlines = admin.site.get_model_admin(model).inlines
        for opts in [model._meta, *(inline.model._meta for inline in inlines)]:
            shown |= Q(content_type__app_label=opts.app_label, content_type__model=opts.model_name)
    return Permission.objects.filter(shown)


class TranslatedPermissionsMixin:
    """For the user and group admins: their permission fields offer the permissions of
    what the admin shows, named in the reader's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs["queryset"] = admin_permissions().select_related("content_type")
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and db_field.related_model is Permission:
            formfield.label_from_instance = permission_label
        return formfield
