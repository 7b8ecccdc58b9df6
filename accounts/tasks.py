"""Celery tasks of accounts: thin, they call a service."""

from celery import shared_task


@shared_task
def prune_action_replays() -> int:
    from accounts.services import action_replays_prune

    return action_replays_prune()
