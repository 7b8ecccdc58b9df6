"""POST /api/contacts/import/: a vCard or CSV file of contacts, imported or (dry run)
only reported on."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly
from contacts.api.params import flag
from contacts.importing.service import (
    ImportRefused,
    contacts_import,
    too_large,
)
from contacts.models import Relationship

REPORT = inline_serializer(
    "ImportReport",
    {
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "skipped": inline_serializer(
            "ImportSkipped",
            {
                "index": serializers.IntegerField(help_text="The card's place, from 1."),
                "name": serializers.CharField(),
                "reason": serializers.CharField(),
            },
            many=True,
        ),
    },
)


class ContactImportView(APIView):
    # Importing changes the account's contacts: the app's session, not an automation.
    permission_classes = [IsAuthenticated, SessionOnly]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "ContactImport",
                {
                    "file": serializers.FileField(help_text="vCard (.vcf) or CSV, ≤ 5 MB."),
                    "relationship": serializers.ChoiceField(
                        choices=Relationship.choices, required=False
                    ),
                },
            )
        },
        parameters=[
            OpenApiParameter(
                "dry_run", OpenApiTypes.BOOL, description="Report only; store nothing."
            )
        ],
        responses={200: REPORT},
    )
    def post(self, request: Request) -> Response:
        upload = request.data.get("file")
        if not isinstance(upload, UploadedFile):
            raise ValidationError({"file": [_("Choose a vCard (.vcf) or CSV file to import.")]})
        if (upload.size or 0) > settings.CONTACT_IMPORT_MAX_BYTES:
            return self._refused(too_large())
        relationship = (
            request.data.get("relationship")
            or request.query_params.get("relationship")
            or Relationship.OTHER
        )
        if relationship not in Relationship.values:
            raise ValidationError({"relationship": [_("Not a relationship.")]})
        try:
            report = contacts_import(
                owner=signed_in(request),
                data=upload.read(),
                relationship=relationship,
                dry_run=bool(flag(request, "dry_run")),
            )
        except ImportRefused as error:
            return self._refused(error)
        return Response(report.as_dict())

    @staticmethod
    def _refused(error: ImportRefused) -> Response:
        # Too large, too many cards, no contacts: each a 400 saying which limit.
        return Response({"file": [str(error)]}, status=400)
