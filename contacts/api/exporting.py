"""GET /api/contacts/export.vcf: every contact of the user as one vCard 4.0 file."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly
from contacts.exporting import contacts_vcard
from contacts.models import Contact
from project.api_output import FileRenderer


class VCardRenderer(FileRenderer):
    media_type = "text/vcard"
    format = "vcf"


class ContactExportView(APIView):
    # The whole address book: the app's session, not an automation's token.
    permission_classes = [IsAuthenticated, SessionOnly]
    renderer_classes = [JSONRenderer, VCardRenderer]

    @extend_schema(responses={(200, "text/vcard"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request: Request) -> HttpResponse:
        contacts = Contact.objects.filter(owner=signed_in(request)).prefetch_related(
            "numbers", "dates"
        )
        response = HttpResponse(contacts_vcard(contacts), content_type="text/vcard; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ringback-contacts.vcf"'
        return response
