import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from reminders.services import api_token_create


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
