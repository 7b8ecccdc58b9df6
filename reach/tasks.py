"""Celery tasks of the second channels: thin, services imported inside."""

from celery import shared_task


@shared_task
def send_channel_messages() -> int:
    """Open the fallbacks owed now, then send what is due (beat, every few seconds)."""
    from django.utils import timezone

    from reach.services import channel_messages_send, fallbacks_open

    now = timezone.now()
    fallbacks_open(now=now)
    return channel_messages_send(now=now)
