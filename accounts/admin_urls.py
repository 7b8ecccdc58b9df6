"""Pages mounted over the admin's own (project/urls includes this before admin.site.urls)."""

from django.contrib import admin
from django.urls import path

from accounts.passwords import admin_password_change

urlpatterns = [
    # The admin's password change, its old password counted by the sign-in lock.
    path(
        "password_change/",
        admin.site.admin_view(admin_password_change),
        name="counted-password-change",
    ),
]
