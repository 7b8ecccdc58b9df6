"""The user and group forms of the admin offer the permissions of what the admin shows,
named in the reader's language (Django stores each name in English, once)."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.members import MEMBERS_GROUP
from accounts.services import preferences_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = UserFactory(username="wurzel", is_staff=True, is_superuser=True)
    preferences_update(user=user, language="de")
    client.force_login(user)
    return user


def _offered(client, path: str) -> dict[int, str]:
    field = client.get(path).context["adminform"].form.fields["permissions"]
    return {
        permission.pk: label
        for permission, label in ((p, field.label_from_instance(p)) for p in field.queryset)
    }


def test_a_group_is_offered_the_admins_permissions_in_german(client, root):
    members = Group.objects.get(name=MEMBERS_GROUP)

    offered = _offered(client, f"/admin/auth/group/{members.pk}/change/")

    add_contact = Permission.objects.get(codename="add_contact")
    assert offered[add_contact.pk] == "Kontakte | Darf Kontakt hinzufügen"
    hidden = Permission.objects.filter(content_type__app_label__in=["otp_totp", "webpush"])
    assert hidden.exists()
    assert not set(offered) & set(hidden.values_list("pk", flat=True))


def test_the_members_group_keeps_every_permission_it_has(client, root):
    members = Group.objects.get(name=MEMBERS_GROUP)
    held = set(members.permissions.values_list("pk", flat=True))

    offered = _offered(client, f"/admin/auth/group/{members.pk}/change/")

    assert held <= set(offered)  # saving the form cannot drop one
