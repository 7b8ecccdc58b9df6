"""What the contact serializer needs of the request, read once per request."""

from typing import Any

from django.utils import timezone
from rest_framework.request import Request

from accounts.api.auth import signed_in
from accounts.selectors import phone_region_for, preferences_of
from contacts.selectors import rhythms_of


def contact_context(request: Request) -> dict[str, Any]:
    user = signed_in(request)
    return {
        "request": request,
        "rhythms": rhythms_of(user),
        "now": timezone.now(),
        # "Today" for a birthday is the user's own day.
        "zone": preferences_of(user).zone,
        # Numbers are checked as they come, so that their errors come with the others'.
        "region": phone_region_for(user),
    }
