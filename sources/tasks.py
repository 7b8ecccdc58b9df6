"""Beat hands out the sources whose turn has come; each syncs in its own task, so one
slow server (bounded by SOURCES_TIMEOUT_SECONDS a request) never holds up the others."""

from contextlib import suppress

from celery import shared_task


@shared_task
def sync_due_sources() -> int:
    from django.utils import timezone

    from sources.services import sources_due_claim

    due = sources_due_claim(now=timezone.now())
    for pk in due:
        sync_source.delay(pk)
    return len(due)


@shared_task
def sync_source(source_id: int) -> None:
    from sources.models import Source
    from sources.problems import SourceProblem
    from sources.services import source_sync

    source = Source.objects.filter(pk=source_id).select_related("owner").first()
    if source is None:
        return
    # A problem is recorded on the source (last_error, failures, a later turn).
    with suppress(SourceProblem):
        source_sync(source=source)
