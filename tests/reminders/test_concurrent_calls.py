from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from contacts.services import contact_create
from reminders.models import MissedCall, Reminder, Source
from reminders.services.calls import missed_call_record


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_contact", [True, False], ids=["contact", "unknown-number"])
def test_calls_arriving_at_once_from_one_person_make_one_reminder(user, with_contact):
    if with_contact:
        contact_create(owner=user, name="Mum", numbers=[("+49301234567", "")])
    callers = 8
    barrier = Barrier(callers)

    def call(_):
        barrier.wait()
        try:
            return missed_call_record(owner=user, number="+49301234567", source=Source.API).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(callers) as pool:
        ids = list(pool.map(call, range(callers)))

    assert len(set(ids)) == callers
    reminder = Reminder.objects.get()
    assert reminder.call_count == callers
    assert MissedCall.objects.filter(reminder=reminder).count() == callers
