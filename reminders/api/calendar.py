"""GET /api/calendar/<secret>.ics: the user's calendar feed (reminders.feed), found by the
secret in its URL, for calendar apps that cannot sign in."""

import hashlib
import re

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.selectors import calendar_feed_owner
from project.api_output import FileRenderer
from reminders.feed import calendar_of, feed_changed_at


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
        now = timezone.now()
        body = calendar_of(owner, now=now)
        # Every event's DTSTAMP is the moment of the request: the tag leaves it out, so
        # that a calendar app refreshing an unchanged feed gets a 304 and no body.
        tag = f'W/"{hashlib.sha256(_DTSTAMP.sub(b"", body)).hexdigest()[:32]}"'
        changed = int(feed_changed_at(owner.pk, tag, now=now).timestamp())
        # Django's own rules (RFC 9110): If-None-Match first, else If-Modified-Since.
        response: HttpResponse | None = get_conditional_response(
            request, etag=tag, last_modified=changed
        )
        if response is None or response.status_code != 304:
            response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
            response["Content-Disposition"] = 'inline; filename="ringback.ics"'
        response["ETag"] = tag
        response["Last-Modified"] = http_date(changed)
        response["Cache-Control"] = "private, no-cache"
        return response


_DTSTAMP = re.compile(rb"^DTSTAMP:[^\r\n]*\r?\n", re.MULTILINE)
