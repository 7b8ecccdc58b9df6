"""The reads of sources."""

from django.db.models import Count, Q, QuerySet

from accounts.users import User
from sources.models import Source


def sources_of(*, user: User) -> QuerySet[Source]:
    return Source.objects.filter(owner=user).order_by("id").prefetch_related("books")


def source_of(*, user: User, pk: int) -> Source | None:
    return Source.objects.filter(owner=user, pk=pk).first()


def sources_health() -> dict[str, int]:
    """How many sources there are and how many failed their last sync (/healthz)."""
    counts = Source.objects.aggregate(
        total=Count("id"), failing=Count("id", filter=Q(failures__gt=0))
    )
    return {"total": counts["total"], "failing": counts["failing"]}
