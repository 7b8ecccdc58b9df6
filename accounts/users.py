"""The user type in annotations: Django's own User (AUTH_USER_MODEL is not swapped)."""

from django.contrib.auth.models import User

__all__ = ["User"]
