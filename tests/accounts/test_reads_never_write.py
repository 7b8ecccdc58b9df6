"""Preferences and the webhook secret are made with the user; reads never create them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Preferences, TelephonyHook
from accounts.services import owner_create
from tests.factories import UserFactory

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_in(queries: CaptureQueriesContext) -> list[str]:
    # Savepoints and the session's own table are not the app's data.
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]
    ]


@pytest.mark.parametrize(
    "path",
    ["/api/me/", "/api/reminders/", "/api/contacts/", "/api/missed-calls/", "/api/tokens/"],
)
def test_a_first_read_writes_nothing(api, path):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)

    assert response.status_code == 200
    assert writes_in(queries) == []


def test_a_user_without_preferences_reads_the_defaults_and_nothing_is_created(api, user):
    Preferences.objects.filter(user=user).delete()

    body = api.get("/api/me/").json()

    assert body["time_zone"] == "UTC"
    assert body["language"] == "en"
    assert not Preferences.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_every_way_of_making_a_user_makes_its_preferences_and_webhook_secret():
    made = [owner_create(username="owner", password="x", time_zone="Europe/Berlin")]
    made.append(UserFactory(username="factory"))
    made.append(get_user_model().objects.create_user(username="plain", password="x"))
    call_command("createsuperuser", username="cli", email="", interactive=False, verbosity=0)
    made.append(get_user_model().objects.get(username="cli"))

    for user in made:
        assert Preferences.objects.filter(user=user).count() == 1, user
        assert TelephonyHook.objects.filter(owner=user).count() == 1, user
    assert Preferences.objects.get(user__username="owner").time_zone == "Europe/Berlin"
