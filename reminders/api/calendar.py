"""GET /api/calendar/<secret>.ics: the user's calendar feed (reminders.feed), found by the
secret in its URL, for calendar apps that cannot sign in."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.selectors import calendar_feed_owner
from project.api_output import FileRenderer
from reminders.feed import calendar_of


class ICalendarRenderer(FileRenderer):
    media_type = "text/calendar"
    format = "ics"


class CalendarFeedView(APIView):
    # The secret in the URL is the credential; a wrong one is a 404 like any other.
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, ICalendarRenderer]

    @extend_schema(auth=[], responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request: Request, secret: str) -> HttpResponse:
        owner = calendar_feed_owner(secret)
        if owner is None:
            raise Http404
        response = HttpResponse(
            calendar_of(owner, now=timezone.now()), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="ringback.ics"'
        response["Cache-Control"] = "private, no-cache"
        return response
