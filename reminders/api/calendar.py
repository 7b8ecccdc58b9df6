"""GET /api/calendar/<secret>.ics: the user's calendar feed (reminders.feed), found by the
secret in its URL, for calendar apps that cannot sign in."""

import hashlib
import re

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags
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
        body = calendar_of(owner, now=timezone.now())
        # Every event's DTSTAMP is the moment of the request: the tag leaves it out, so
        # that a calendar app refreshing an unchanged feed gets a 304 and no body.
        tag = f'W/"{hashlib.sha256(_DTSTAMP.sub(b"", body)).hexdigest()[:32]}"'
        if tag in parse_etags(request.headers.get("If-None-Match", "")):
            response: HttpResponse = HttpResponseNotModified()
        else:
            response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
            response["Content-Disposition"] = 'inline; filename="ringback.ics"'
        response["ETag"] = tag
        response["Cache-Control"] = "private, no-cache"
        return response


_DTSTAMP = re.compile(rb"^DTSTAMP:[^\r\n]*\r?\n", re.MULTILINE)
