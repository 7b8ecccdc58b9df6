"""Personal tokens for automations: list, create (the secret is shown once), revoke."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly
from accounts.api.serializers import NewTokenSerializer, TokenSerializer
from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke


class TokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "int"
    serializer_class = TokenSerializer
    permission_classes = [IsAuthenticated, SessionOnly]

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.filter(owner=signed_in(self.request), revoked=False)

    @extend_schema(request=TokenSerializer, responses={201: NewTokenSerializer})
    def create(self, request: Request) -> Response:
        serializer = TokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, secret = api_token_create(
            owner=signed_in(request), name=serializer.validated_data["name"]
        )
        body = NewTokenSerializer({**TokenSerializer(token).data, "token": secret}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        api_token_revoke(token=instance)
