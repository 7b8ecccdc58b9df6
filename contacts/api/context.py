"""What the contact serializer needs of the request, read once per request."""

from typing import Any

from django.utils import timezone
from rest_framework.request import Request

from accounts.api.auth import signed_in
from contacts.selectors import rhythms_of


def contact_context(request: Request) -> dict[str, Any]:
    return {"request": request, "rhythms": rhythms_of(signed_in(request)), "now": timezone.now()}
