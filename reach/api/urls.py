from django.urls import path

from reach.api import views

urlpatterns = [
    path("channels/", views.ChannelListView.as_view(), name="channels"),
    path("channels/<int:pk>/", views.ChannelDetailView.as_view(), name="channel"),
    path("channels/<int:pk>/test/", views.ChannelTestView.as_view(), name="channel-test"),
]
