from celery import shared_task

from reminders.services import reminders_expire


@shared_task
def expire_stale_reminders() -> int:
    return reminders_expire()
