"""/api/channels/: the user's other channels. Session only: a channel's URL holds
credentials, and an automation's token has no business adding or reading them."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.selectors import preferences_by_owner
from reach.api import serializers as api
from reach.models import Channel
from reach.selectors import channels_of
from reach.services import channel_create, channel_delete, channel_test


class ChannelListView(APIView):
    authentication_classes = [SessionAuthentication]

    @extend_schema(responses=api.ChannelSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(api.ChannelSerializer(channels_of(signed_in(request)), many=True).data)

    @extend_schema(request=api.ChannelInputSerializer, responses={201: api.ChannelSerializer})
    def post(self, request: Request) -> Response:
        data = api.ChannelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            channel = channel_create(owner=signed_in(request), **data.validated_data)
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return Response(api.ChannelSerializer(channel).data, status=status.HTTP_201_CREATED)


class ChannelDetailView(APIView):
    authentication_classes = [SessionAuthentication]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        channel_delete(channel=get_object_or_404(Channel, pk=pk, owner=signed_in(request)))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChannelTestView(APIView):
    authentication_classes = [SessionAuthentication]

    @extend_schema(request=None, responses=api.ChannelTestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in(request)
        channel = get_object_or_404(Channel, pk=pk, owner=user)
        language = preferences_by_owner({user.pk})[user.pk].language
        sent = channel_test(channel=channel, language=language)
        return Response({"sent": sent.ok, "error": sent.error})
