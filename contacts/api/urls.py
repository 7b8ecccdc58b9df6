from django.urls import path
from rest_framework.routers import SimpleRouter

from contacts.api.exporting import ContactExportView
from contacts.api.importing import ContactImportView
from contacts.api.merging import ContactMergeView
from contacts.api.touches import ContactTouchViewSet, TouchByNumberView
from contacts.api.views import ContactViewSet

router = SimpleRouter(use_regex_path=False)
router.register("contacts", ContactViewSet, basename="contact")

urlpatterns = [
    path("contacts/import/", ContactImportView.as_view(), name="contacts-import"),
    path("contacts/export.vcf", ContactExportView.as_view(), name="contacts-export"),
    path(
        "contacts/<int:contact_id>/touches/",
        ContactTouchViewSet.as_view({"get": "list", "post": "create"}),
        name="contact-touches",
    ),
    path(
        "contacts/<int:contact_id>/touches/<int:pk>/",
        ContactTouchViewSet.as_view({"delete": "destroy"}),
        name="contact-touch",
    ),
    path("touches/", TouchByNumberView.as_view(), name="touches"),
    path("contacts/<int:pk>/merge/", ContactMergeView.as_view(), name="contact-merge"),
    *router.urls,
]
