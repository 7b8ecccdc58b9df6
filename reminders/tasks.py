"""Celery tasks: thin, they take ids and call the services (imported inside, so that
services may enqueue tasks without an import cycle); safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.db import transaction


@shared_task
def expire_stale_reminders() -> int:
    from reminders.services.transitions import reminders_expire

    return reminders_expire()


@shared_task
def open_rhythm_reminders() -> int:
    from reminders.services.rhythms import rhythm_reminders_open

    return rhythm_reminders_open()


def _enqueue_batch(reminder_ids: list[int], claim_token: str) -> None:
    transaction.on_commit(lambda: deliver_reminders.delay(reminder_ids, claim_token))


def _dispatch_again() -> None:
    # Expires like beat's runs: a run that waited longer is superseded by a later one.
    transaction.on_commit(
        lambda: dispatch_due_reminders.apply_async(expires=settings.REMINDER_DISPATCH_SECONDS * 2)
    )


# Routed to its own queue (settings.CELERY_TASK_ROUTES): a run never waits behind batches.
@shared_task
def dispatch_due_reminders() -> int:
    from reminders.dispatch.claim import reminders_dispatch

    return reminders_dispatch(enqueue=_enqueue_batch, again=_dispatch_again)


@shared_task(acks_late=True)
def deliver_reminders(reminder_ids: list[int], claim_token: str) -> None:
    from reminders.dispatch.deliver import reminders_deliver

    reminders_deliver(reminder_ids=reminder_ids, token=claim_token)
