from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from reminders.models import validate_time_zone


class OwnerSetupForm(UserCreationForm):
    # Filled in by the browser (Intl API) so that reminders follow the owner's clock;
    # without it, or with a name we do not know, the owner starts on UTC.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_time_zone(self) -> str:
        value = self.cleaned_data.get("time_zone") or "UTC"
        try:
            validate_time_zone(value)
        except ValidationError:
            return "UTC"
        return value
