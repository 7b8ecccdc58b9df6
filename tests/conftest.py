import aiohttp
import hypothesis
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.services import api_token_create
from push import encryption
from tests.factories import UserFactory
from tests.push_receiver import PushReceiver

# Hypothesis times each example, and the generation of examples, by the clock: on a
# machine whose cores are busy those times say nothing about the code under test.
hypothesis.settings.register_profile(
    "ringback", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("ringback")


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


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(user) -> APIClient:
    """Alice's app: signed in with a session (CSRF not enforced: see test_session)."""
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def other_api(other_user) -> APIClient:
    client = APIClient()
    client.force_login(other_user)
    return client


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def token_api(user) -> APIClient:
    """Alice's automation: a personal bearer token."""
    _token, secret = api_token_create(owner=user, name="Phone")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def push_latency() -> float:
    """Seconds the local push service takes to answer; a module may override it."""
    return 0.0


@pytest.fixture
def receiver(settings, monkeypatch, push_latency):
    """The local push service, allowed as an endpoint origin, with fresh VAPID tokens
    (frozen clocks in other tests must not leave a token from another time behind)."""
    monkeypatch.setattr(encryption, "tokens", encryption.VapidTokens())
    with PushReceiver(
        vapid_public_key=django_settings.VAPID_PUBLIC_KEY, latency=push_latency
    ) as push_receiver:
        settings.PUSH_EXTRA_ORIGINS = [push_receiver.origin]
        yield push_receiver
        assert push_receiver.rejected == []


@pytest.fixture
def connections(monkeypatch) -> list[tuple[str, int]]:
    """Every address the HTTP client opens a connection to; none is opened."""
    opened: list[tuple[str, int]] = []

    async def refuse(self, request, traces, timeout):
        address = (request.url.host, request.url.port)
        opened.append(address)
        raise aiohttp.ClientConnectionError(f"Connection refused by {address}")

    monkeypatch.setattr(aiohttp.TCPConnector, "_create_connection", refuse)
    return opened
