"""The app's login session: who is signed in, sign in and out, and first-run setup.

Anonymous requests reach these, so CSRF is checked here explicitly: DRF's session
authentication checks it only for a request that is already signed in.
"""

from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.throttles import SetupAddressThrottle
from accounts.models import Language
from accounts.passwords import (
    password_passed,
    password_passed_by,
    refuse_when_locked,
    signed_in_by_password,
    signed_in_with,
)
from accounts.second_factor import (
    has_second_factor,
    second_factor_check,
    second_factor_waiting,
)
from accounts.services import OwnerAlreadyExists, owner_create
from project.api_input import RejectUnknownFields


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    authenticated = serializers.BooleanField()
    user = UserSerializer(allow_null=True)
    setup_required = serializers.BooleanField()
    second_factor_required = serializers.BooleanField(
        help_text="The password was right; send a code to /api/auth/second-factor/."
    )


class LoginSerializer(RejectUnknownFields, serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class SetupSerializer(LoginSerializer):
    time_zone = serializers.CharField(max_length=64, required=False, default="UTC")
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="The app's language; without it, the browser's (Accept-Language).",
    )


LOCKED_OUT = inline_serializer("LockedOut", {"detail": serializers.CharField()})


def session_body(user, *, second_factor_required: bool = False) -> dict:
    signed_in = user.is_authenticated
    return {
        "authenticated": signed_in,
        "user": {"id": user.pk, "username": user.get_username()} if signed_in else None,
        "setup_required": not get_user_model().objects.exists(),
        "second_factor_required": second_factor_required,
    }


class _SessionView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]

    def check_csrf(self, request: Request) -> None:
        SessionAuthentication().enforce_csrf(request)


@method_decorator(ensure_csrf_cookie, name="get")
class SessionView(_SessionView):
    @extend_schema(responses=SessionSerializer)
    def get(self, request: Request) -> Response:
        return Response(session_body(request.user))


class LoginView(_SessionView):
    """Failed attempts are counted and locked out inside authenticate(), as for every way
    to sign in (accounts.lockout): a locked-out client is answered 429. With two-factor
    sign-in on, the right password signs in nobody yet: the session remembers whose it
    was for a few minutes, and /api/auth/second-factor/ takes the code."""

    @extend_schema(
        request=LoginSerializer,
        responses={200: SessionSerializer, 429: LOCKED_OUT},
    )
    def post(self, request: Request) -> Response:
        self.check_csrf(request)
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = signed_in_by_password(request, **serializer.validated_data)
        if user is None:
            raise ValidationError({"non_field_errors": [_("The username or password is wrong.")]})
        if has_second_factor(user):
            password_passed(request, user)
            return Response(session_body(request.user, second_factor_required=True))
        login(request, user)
        return Response(session_body(user))


class SecondFactorSerializer(RejectUnknownFields, serializers.Serializer):
    code = serializers.CharField(
        max_length=64, help_text="From the authenticator app, or a recovery code."
    )


def _wrong_code(user) -> str:
    if second_factor_waiting(user):
        return str(_("Wait a few seconds after a wrong code, then try again."))
    return str(_("This code is not right. Try the newest one."))


class SecondFactorView(_SessionView):
    """The second step of signing in: the code, within a few minutes of the password."""

    @extend_schema(
        request=SecondFactorSerializer,
        responses={200: SessionSerializer, 429: LOCKED_OUT},
    )
    def post(self, request: Request) -> Response:
        self.check_csrf(request)
        serializer = SecondFactorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = password_passed_by(request)
        if user is None:
            raise ValidationError({"code": [_("Sign in with your password first.")]})
        refuse_when_locked(request, user)
        device = second_factor_check(request, user=user, code=serializer.validated_data["code"])
        if device is None:
            raise ValidationError({"code": [_wrong_code(user)]})
        signed_in_with(request, user, device)
        return Response(session_body(user))


class LogoutView(_SessionView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        self.check_csrf(request)
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SetupView(_SessionView):
    throttle_classes = [SetupAddressThrottle]

    @extend_schema(request=SetupSerializer, responses={201: SessionSerializer})
    def post(self, request: Request) -> Response:
        self.check_csrf(request)
        if get_user_model().objects.exists():
            raise PermissionDenied(_("Ringback is set up already; ask its owner for an account."))
        serializer = SetupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # LocaleMiddleware chose from Accept-Language; English if it is none of ours.
        browser = translation.get_language_from_request(request)
        data.setdefault("language", browser if browser in Language.values else Language.EN)
        user_model = get_user_model()
        try:
            validate_password(data["password"], user_model(username=data["username"]))
        except DjangoValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        try:
            owner = owner_create(**data)
        except OwnerAlreadyExists:
            raise PermissionDenied(_("Ringback is set up already.")) from None
        login(request, owner, backend="django.contrib.auth.backends.ModelBackend")
        return Response(session_body(owner), status=status.HTTP_201_CREATED)
