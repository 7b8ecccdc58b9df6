"""The services the suite runs against. In CI (CI=true) they are PostgreSQL and Redis,
and a missing one fails the run; on a laptop the embedded defaults are fine."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from contacts.models import Relationship
from contacts.services import contact_create
from reminders.models import Reminder, ReminderState
from reminders.services.calls import missed_call_record
from reminders.tasks import expire_stale_reminders
from tests.celery_worker import running_worker
from tests.ci import IN_CI
from tests.waiting import eventually


@pytest.mark.skipif(not IN_CI, reason="CI only: there the suite must run on PostgreSQL and Redis")
@pytest.mark.django_db
def test_ci_runs_on_postgresql_and_redis():
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")


def test_the_broker_answers():
    with Connection(settings.CELERY_BROKER_URL, transport_options=_transport_options()) as conn:
        conn.ensure_connection(max_retries=1, timeout=5)


def _transport_options() -> dict:
    return getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_from_the_broker_against_the_database(user, tmp_path):
    contact = contact_create(owner=user, name="Boss", relationship=Relationship.WORK)
    reminder = missed_call_record(
        owner=user, contact=contact, occurred_at=timezone.now() - timedelta(minutes=1)
    ).reminder
    Reminder.objects.filter(pk=reminder.pk).update(deadline=timezone.now() - timedelta(days=8))

    with running_worker("--pool", "solo", log_path=tmp_path / "worker.log"):
        expire_stale_reminders.delay()
        eventually(lambda: Reminder.objects.get(pk=reminder.pk).state == ReminderState.EXPIRED)

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.EXPIRED, (tmp_path / "worker.log").read_text()
