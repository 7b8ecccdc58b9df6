"""The channels hear of the dispatcher's due steps (reminders knows nothing of them):
a thin receiver that calls the service."""

from datetime import datetime

from reminders.dispatch.deliver import DueStep


def steps_due(sender: type, steps: list[DueStep], now: datetime, **kwargs: object) -> set[int]:
    from reach.services import due_steps_take

    return due_steps_take(steps=steps, now=now)
