"""Everything under /api/: each app's JSON API, the OpenAPI schema and its docs.

The apps are named by string: configuration imports no app at module level.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("push.api.urls")),
    path("", include("contacts.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("reach.api.urls")),
    path("", include("voicemail.api.urls")),
    path("", include("sources.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
