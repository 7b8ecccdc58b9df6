"""GET /api/export/: everything the user owns, as one JSON document (reminders.exporting)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly
from reminders.exporting import account_export


class AccountExportView(APIView):
    # All of the account's data: the app's session, not an automation's token.
    permission_classes = [IsAuthenticated, SessionOnly]

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="Everything you own; described by reminders/export.schema.json.",
    )
    def get(self, request: Request) -> Response:
        response = Response(account_export(signed_in(request)))
        response["Content-Disposition"] = 'attachment; filename="ringback-export.json"'
        return response
