"""Settings → Two-factor sign-in: turn it on (a secret to scan, confirmed by a code made
from it), new recovery codes, turn it off. The app's session only: a personal token can
neither see nor change how its owner signs in."""

from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly
from accounts.passwords import password_confirm
from accounts.second_factor import (
    enrolment_begin,
    enrolment_confirm,
    enrolment_shown,
    has_second_factor,
    recovery_codes_left,
    recovery_codes_renew,
    second_factor_check,
    second_factor_remove,
)
from accounts.users import User
from project.api_input import RejectUnknownFields


class PasswordSerializer(RejectUnknownFields, serializers.Serializer):
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class CodeSerializer(RejectUnknownFields, serializers.Serializer):
    code = serializers.CharField(max_length=64)


class RemoveSerializer(PasswordSerializer):
    code = serializers.CharField(max_length=64)


STATE = inline_serializer(
    "SecondFactor",
    {"enabled": serializers.BooleanField(), "recovery_codes_left": serializers.IntegerField()},
)
SETUP = inline_serializer(
    "SecondFactorSetup",
    {
        "otpauth_url": serializers.CharField(),
        "qr_image": serializers.CharField(help_text="The QR code, as a data: URI."),
        "secret": serializers.CharField(),
    },
)
CODES = inline_serializer(
    "RecoveryCodes", {"recovery_codes": serializers.ListField(child=serializers.CharField())}
)


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _password_checked(request: Request, user: User, password: str) -> None:
    # Counted with sign-in attempts (accounts.passwords): no way around the lock here.
    if not password_confirm(request, user=user, password=password):
        raise ValidationError({"password": [_("This is not your password.")]})


class SecondFactorView(APIView):
    permission_classes = [IsAuthenticated, SessionOnly]

    @extend_schema(responses=STATE)
    def get(self, request: Request) -> Response:
        user = signed_in(request)
        return Response(
            {"enabled": has_second_factor(user), "recovery_codes_left": recovery_codes_left(user)}
        )

    @extend_schema(request=PasswordSerializer, responses=SETUP)
    def post(self, request: Request) -> Response:
        """Begin: a new secret to add to an authenticator app (your password first)."""
        user = signed_in(request)
        _password_checked(request, user, _valid(PasswordSerializer, request)["password"])
        return Response(enrolment_shown(enrolment_begin(user=user)))

    @extend_schema(request=RemoveSerializer, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Turn it off: your password and a code (or a recovery code)."""
        user = signed_in(request)
        data = _valid(RemoveSerializer, request)
        _password_checked(request, user, data["password"])
        if has_second_factor(user) and not second_factor_check(
            request, user=user, code=data["code"]
        ):
            raise ValidationError({"code": [_("This code is not right. Try the newest one.")]})
        second_factor_remove(user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecondFactorConfirmView(APIView):
    permission_classes = [IsAuthenticated, SessionOnly]

    @extend_schema(request=CodeSerializer, responses=CODES)
    def post(self, request: Request) -> Response:
        """Turn it on with the first code the app shows: ten recovery codes, shown once."""
        user = signed_in(request)
        codes = enrolment_confirm(user=user, code=_valid(CodeSerializer, request)["code"])
        if codes is None:
            raise ValidationError(
                {"code": [_("This code is not right. Scan the new QR code and try again.")]}
            )
        # This session has just shown a code: it counts as signed in with both.
        otp_login(request, TOTPDevice.objects.get(user=user, confirmed=True))
        return Response({"recovery_codes": codes})


class RecoveryCodesView(APIView):
    permission_classes = [IsAuthenticated, SessionOnly]

    @extend_schema(request=PasswordSerializer, responses=CODES)
    def post(self, request: Request) -> Response:
        """Ten new recovery codes; the old ones stop working (your password first)."""
        user = signed_in(request)
        _password_checked(request, user, _valid(PasswordSerializer, request)["password"])
        if not has_second_factor(user):
            raise ValidationError({"password": [_("Turn on two-factor sign-in first.")]})
        return Response({"recovery_codes": recovery_codes_renew(user=user)})
