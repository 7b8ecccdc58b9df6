"""The browser's side of web push: the server's public key, subscribe, unsubscribe."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from push.api import serializers as api
from push.selectors import device_states, push_subscription_stored
from push.services import push_subscription_delete, push_subscription_save


class PushConfigView(APIView):
    @extend_schema(responses=api.PushConfigSerializer)
    def get(self, request: Request) -> Response:
        return Response({"public_key": settings.VAPID_PUBLIC_KEY})


class PushDeviceListView(APIView):
    """The user's subscribed browsers, and which of them went silent."""

    @extend_schema(responses=api.DeviceSerializer(many=True))
    def get(self, request: Request) -> Response:
        states = device_states(signed_in(request), now=timezone.now())
        return Response(api.DeviceSerializer(states, many=True).data)


class PushSubscriptionView(APIView):
    @extend_schema(
        request=api.PushSubscriptionSerializer,
        responses={200: api.PushUnsubscribeSerializer, 201: api.PushUnsubscribeSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = api.PushSubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        known = push_subscription_stored(user=signed_in(request), endpoint=data["endpoint"])
        push_subscription_save(
            user=signed_in(request),
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
            user_agent=request.headers.get("User-Agent", ""),
        )
        return Response(
            {"endpoint": data["endpoint"]},
            status=status.HTTP_200_OK if known else status.HTTP_201_CREATED,
        )

    @extend_schema(request=api.PushUnsubscribeSerializer, responses={204: None})
    def delete(self, request: Request) -> Response:
        serializer = api.PushUnsubscribeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        push_subscription_delete(
            user=signed_in(request), endpoint=serializer.validated_data["endpoint"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
