import pytest
from django.core.management import call_command

from tests.factories import UserFactory


def pytest_configure(config: pytest.Config) -> None:
    # Importing settings creates nothing: the test data folder (SQLite file, broker
    # folders, STATIC_ROOT for WhiteNoise) is made here, before any test runs.
    call_command("prepare_data_dir", verbosity=0)


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


@pytest.fixture
def other_user(db):
    return UserFactory(username="bob")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Password hashing is built to be slow; the tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
