"""POST /api/push/receipts/: the service worker says a push was shown, clicked or closed."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from project.api_input import RejectUnknownFields
from reminders.services.receipts import EVENTS, MAX_IDS, delivery_receipts_record


class ReceiptSerializer(RejectUnknownFields, serializers.Serializer):
    delivery_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=MAX_IDS
    )
    event = serializers.ChoiceField(choices=EVENTS)
    at = serializers.DateTimeField(
        required=False, help_text="When it happened on the phone (a receipt replayed later)."
    )


class ReceiptAnswerSerializer(serializers.Serializer):
    recorded = serializers.IntegerField(help_text="How many of the deliveries were yours.")


class ReceiptView(APIView):
    @extend_schema(request=ReceiptSerializer, responses=ReceiptAnswerSerializer)
    def post(self, request: Request) -> Response:
        serializer = ReceiptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        recorded = delivery_receipts_record(
            user=signed_in(request),
            delivery_ids=data["delivery_ids"],
            event=data["event"],
            at=data.get("at"),
        )
        return Response({"recorded": recorded})
