"""The admin's sign-in with the second factor: after the right password, an account with
two-factor sign-in also needs a code from its authenticator app (or a recovery code),
checked and counted like the app's second step (accounts.second_factor)."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.second_factor import has_second_factor, second_factor_check


class TwoFactorAdminLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=64,
        help_text=_(
            "Only with two-factor sign-in: from your authenticator app, or a recovery code."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "second_factor": _("Enter the code from your authenticator app, or a recovery code."),
    }

    def clean(self) -> dict:
        cleaned = super().clean()  # the password, through the sign-in lock
        user = self.get_user()
        if user is not None and self.request is not None and has_second_factor(user):
            code = cleaned.get("otp_token") or ""
            device = second_factor_check(self.request, user=user, code=code)
            if device is None:
                self.user_cache = None
                raise ValidationError(self.error_messages["second_factor"], code="second_factor")
            # django-otp marks the session verified when login() gets the user with it.
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp reads it
        return cleaned
