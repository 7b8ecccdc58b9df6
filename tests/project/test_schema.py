"""Property-based run over the published OpenAPI schema: no input gives a 5xx, and every
documented answer matches its schema. Bounded so that the whole run stays short."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts.services import api_token_create
from contacts.services import contact_create
from project.wsgi import application
from reminders.services.calls import missed_call_record

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def api_schema(db):
    # As Django's test client does: the WSGI handler must not close the test's
    # connection (and with it the transaction that holds the test data) after a request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def bearer(user) -> dict[str, str]:
    contact = contact_create(owner=user, name="Mum", numbers=[("+49301234567", "home")])
    missed_call_record(owner=user, contact=contact)
    _token, secret = api_token_create(owner=user, name="schemathesis")
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_breaks_the_api_or_its_schema(case, bearer):
    case.call_and_validate(
        headers=bearer,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
