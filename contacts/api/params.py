"""Query parameters shared by the contacts API's views."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def flag(request: Request, name: str) -> bool | None:
    """A true/false query parameter; None when it is not given."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in _BOOLEANS:
        raise ValidationError({name: [_("Use true or false.")]})
    return _BOOLEANS[raw.lower()]
