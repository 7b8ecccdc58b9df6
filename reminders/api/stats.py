"""/api/stats/: how well the user keeps their promises (reminders.stats), per relationship."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from project.catalogue import STRINGS
from reminders.stats import UNKNOWN, Kept, kept_promises

PERIODS = (30, 90, 365)
UNKNOWN_LABEL = pgettext_lazy("stats", "Unknown number")


class StatsQuerySerializer(serializers.Serializer):
    days = serializers.ChoiceField(choices=PERIODS, required=False, default=PERIODS[0])


class KeptSerializer(serializers.Serializer):
    missed = serializers.IntegerField(help_text="Missed-call obligations opened (one per person).")
    called_back_in_window = serializers.IntegerField(
        help_text="Of those, done (called back, texted, e-mailed, marked done) by the deadline."
    )
    share = serializers.FloatField(
        allow_null=True,
        help_text="called_back_in_window / (missed - pending), 0.0 to 1.0; null while "
        "nothing is decided.",
    )
    pending = serializers.IntegerField(
        help_text="Of the missed, still waiting with time left: neither in time nor missed."
    )
    median_first_attempt_minutes = serializers.FloatField(
        allow_null=True, help_text="Median minutes from the first call to the first try."
    )
    overdue_now = serializers.IntegerField(help_text="Waiting past their deadline now.")


class RelationshipKeptSerializer(KeptSerializer):
    relationship = serializers.CharField(help_text='A relationship, or "unknown" (a number).')
    # Shadows Field.label in the stubs only: DRF takes declared fields off the class.
    label = serializers.CharField()  # type: ignore[assignment]


class StatsSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    since = serializers.DateTimeField()
    relationships = RelationshipKeptSerializer(many=True)
    total = KeptSerializer()


def _label(relationship: str) -> str:
    return str(UNKNOWN_LABEL if relationship == UNKNOWN else STRINGS[f"rel.{relationship}"])


def _numbers(kept: Kept) -> dict:
    return {
        "missed": kept.missed,
        "called_back_in_window": kept.called_back_in_window,
        "share": kept.share,
        "median_first_attempt_minutes": kept.median_first_attempt_minutes,
        "overdue_now": kept.overdue_now,
        "pending": kept.pending,
    }


class StatsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "days", OpenApiTypes.INT, enum=list(PERIODS), description="The period (default 30)."
            )
        ],
        responses=StatsSerializer,
    )
    def get(self, request: Request) -> Response:
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        days = query.validated_data["days"]
        now = timezone.now()
        since = now - timedelta(days=days)
        kept = kept_promises(owner=signed_in(request), since=since, now=now)
        total = kept.pop("total")
        body = {
            "days": days,
            "since": since,
            "relationships": [
                {"relationship": who, "label": _label(who), **_numbers(numbers)}
                for who, numbers in kept.items()
            ],
            "total": _numbers(total),
        }
        return Response(StatsSerializer(body).data)
