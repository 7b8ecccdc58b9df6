from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from project.forms import OwnerSetupForm
from reminders.services import OwnerAlreadyExists, owner_create


def home(request: HttpRequest) -> HttpResponse:
    if not get_user_model().objects.exists():
        return redirect("owner-setup")
    return render(request, "home.html")


@require_http_methods(["GET", "POST"])
def owner_setup(request: HttpRequest) -> HttpResponse:
    """First run only: create the owner account. Once anyone exists this is closed;
    further accounts are made by a superuser in the admin."""
    if get_user_model().objects.exists():
        return redirect("home")
    form = OwnerSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            owner = owner_create(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except OwnerAlreadyExists:
            return redirect("home")
        login(request, owner, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "setup.html", {"form": form}, status=400 if form.errors else 200)
