from django.urls import path

from sources.api import views

urlpatterns = [
    path("sources/", views.SourceListView.as_view(), name="sources"),
    path("sources/<int:pk>/", views.SourceDetailView.as_view(), name="source"),
    path("sources/<int:pk>/sync/", views.SourceSyncView.as_view(), name="source-sync"),
]
