import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reminders.models import Preferences
from tests.factories import UserFactory

User = get_user_model()


def setup_form(**extra):
    data = {
        "username": "owner",
        "password1": "a long sentence of words",
        "password2": "a long sentence of words",
        "time_zone": "Europe/Berlin",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_first_visit_offers_to_create_the_owner_account(client):
    response = client.get("/", follow=True)

    assert response.redirect_chain[-1][0] == reverse("owner-setup")
    assert "Create the owner account" in response.content.decode()


@pytest.mark.django_db
def test_it_creates_a_superuser_with_the_browsers_time_zone_and_signs_in(client):
    response = client.post(reverse("owner-setup"), setup_form())

    assert response.status_code == 302
    owner = User.objects.get()
    assert owner.is_superuser and owner.is_staff
    assert Preferences.objects.get(user=owner).time_zone == "Europe/Berlin"
    assert client.get("/").context["user"] == owner


@pytest.mark.django_db
def test_an_unknown_time_zone_falls_back_to_utc(client):
    client.post(reverse("owner-setup"), setup_form(time_zone="Mars/Olympus"))

    assert Preferences.objects.get().time_zone == "UTC"


@pytest.mark.django_db
def test_a_weak_password_is_a_form_error(client):
    response = client.post(reverse("owner-setup"), setup_form(password1="123", password2="123"))

    assert response.status_code == 400
    assert "too short" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_once_someone_exists_nobody_else_can_sign_up(client):
    UserFactory(username="owner")

    page = client.get(reverse("owner-setup"))
    post = client.post(reverse("owner-setup"), setup_form(username="intruder"))

    assert page.status_code == post.status_code == 302
    assert list(User.objects.values_list("username", flat=True)) == ["owner"]


def test_the_home_page_asks_to_sign_in(client, user):
    page = client.get("/").content.decode()

    assert "Sign in" in page
