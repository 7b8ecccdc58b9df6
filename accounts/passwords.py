"""Every check of a user's own password goes through the sign-in lock (accounts.lockout).

authenticate() is where django-axes counts and refuses: a password confirmed anywhere else
(deleting the account, changing the password in the admin) is checked through it too, with
the request, so a guess there counts with the guesses at sign-in, per account and client
address, and is refused (429) once the lock is on, even when right.
"""

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import authenticate, login
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django_otp.models import Device
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from accounts.lockout import lockout_message
from accounts.users import User


class LockedOut(APIException):
    """429 with Retry-After (DRF writes the header from `wait`), as the lock's own answer."""

    status_code = 429
    default_code = "locked_out"

    def __init__(self) -> None:
        super().__init__(lockout_message())
        self.wait = int(settings.AXES_COOLOFF_TIME.total_seconds())


def signed_in_by_password(request: HttpRequest | Request, **credentials: str) -> User | None:
    """authenticate(), with the lock's refusal raised as LockedOut inside the API.

    Axes flags a refused request (`axes_locked_out`) for its middleware to answer; an API
    view hands authenticate() DRF's request, which carries that flag itself, so the
    refusal is answered here, in the API's own way."""
    user = authenticate(request, **credentials)
    if isinstance(request, Request) and getattr(request, "axes_locked_out", False):
        raise LockedOut()
    return user


def refuse_when_locked(request: HttpRequest | Request, user: User) -> None:
    """LockedOut if the lock is on for this account here: a code is not even checked."""
    if not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
        raise LockedOut()


# Two-factor sign-in: between the right password and the code, the session (not signed
# in) remembers whose password it was, for a few minutes.
PASSWORD_PASSED = "password_passed"
PASSWORD_PASSED_FOR = timedelta(minutes=5)


def password_passed(request: HttpRequest | Request, user: User) -> None:
    request.session[PASSWORD_PASSED] = {"user": user.pk, "at": timezone.now().timestamp()}


def password_passed_by(request: HttpRequest | Request) -> User | None:
    passed = request.session.get(PASSWORD_PASSED)
    if not isinstance(passed, dict):
        return None
    age = timezone.now().timestamp() - float(passed.get("at", 0))
    if not 0 <= age <= PASSWORD_PASSED_FOR.total_seconds():
        return None
    user_id = passed.get("user")
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def signed_in_with(request: HttpRequest | Request, user: User, device: Device) -> None:
    """Sign in after both factors. django-otp marks the session verified by this device
    when login() is handed a user carrying it."""
    request.session.pop(PASSWORD_PASSED, None)
    user.otp_device = device  # type: ignore[attr-defined]  # django-otp reads it
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")


def password_confirm(request: HttpRequest | Request, *, user: User, password: str) -> bool:
    """True if `password` is this user's, counted like a sign-in attempt."""
    found = signed_in_by_password(request, username=user.get_username(), password=password or "")
    return found is not None and found.pk == user.pk


class CountedPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's password change, its old password checked through the lock."""

    def __init__(self, user: User, *args, request: HttpRequest, **kwargs) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not password_confirm(self.request, user=self.user, password=old_password):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class CountedPasswordChangeView(PasswordChangeView):
    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


def admin_password_change(request: HttpRequest) -> HttpResponseBase:
    """The admin's own "Change password" page (mounted over the admin's in project/urls,
    behind AdminSite.admin_view), with the counted form."""
    request.current_app = admin.site.name
    view = CountedPasswordChangeView.as_view(
        success_url=reverse("admin:password_change_done"),
        extra_context=admin.site.each_context(request),
    )
    return view(request)
