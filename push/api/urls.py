from django.urls import path

from push.api import views

urlpatterns = [
    path("push/config/", views.PushConfigView.as_view(), name="push-config"),
    path("push/subscriptions/", views.PushSubscriptionView.as_view(), name="push-subscriptions"),
    path("push/devices/", views.PushDeviceListView.as_view(), name="push-devices"),
]
