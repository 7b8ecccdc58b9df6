"""One place that turns domain errors into API answers.

Services and model clean() raise Django's ValidationError with field names; the API
answers 400 with the same names. An error marked `conflict` (a transition the
reminder's state does not allow) is a 409.
"""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from project.body_limit import too_large_message


def _as_drf(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = _as_drf(exc)
    elif getattr(exc, "conflict", False):
        # A domain error that says the current state forbids the action (e.g. reminders'
        # InvalidTransition): known here by that mark, so configuration imports no app.
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, RequestDataTooBig):
        # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, met while reading a form's fields (a file
        # is not counted): a 400 naming the limit, as Django answers it outside the API.
        return Response({"detail": too_large_message()}, status=400)
    return drf_exception_handler(exc, context)
