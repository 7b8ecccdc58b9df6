"""/api/me/: the signed-in user's settings screen — their account preferences
(accounts) and their callback windows per relationship (reminders); deleting the
account; the calendar feed's URL and its rotation."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import logout
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly, SessionToChange, with_session
from accounts.api.serializers import AccountDeleteSerializer
from accounts.deletion import account_delete, deletion_refusal
from accounts.passwords import password_confirm
from accounts.regions import region_for_time_zone
from accounts.selectors import calendar_feed_of, preferences_of, telephony_hook_of
from accounts.services import calendar_feed_rotate, preferences_update
from accounts.users import User
from contacts.selectors import rhythms_of
from contacts.services import rhythms_update
from reminders.api import serializers as api
from reminders.api.webhooks import public_url
from reminders.plans import away_of
from reminders.selectors import windows_for
from reminders.services.rhythms import rhythm_reminders_reschedule
from reminders.services.windows import windows_update
from reminders.voicemail import voicemail_greetings


def _minutes(window: timedelta) -> int:
    return int(window.total_seconds() // 60)


# A change of these moves the rhythm's pushes still to come (they go at the digest time).
RESCHEDULING = frozenset({"digest_time", "time_zone", "quiet_start", "quiet_end"})


def calendar_url(request: Request, user: User) -> str | None:
    feed = calendar_feed_of(user)
    if feed is None:
        return None
    return public_url(request, reverse("api:calendar-feed", args=[feed.secret]))


class MeView(APIView):
    # Settings are the account's: an automation's token may read them (its time zone) but
    # not change them, nor see the URLs that are secrets (null to a token).
    permission_classes = [IsAuthenticated, SessionToChange]

    def _body(self, request: Request) -> dict[str, Any]:
        user = signed_in(request)
        preferences = preferences_of(user)
        secrets = with_session(request)
        # Secrets (the webhook URLs name the account) only for the app's session.
        hook = telephony_hook_of(user) if secrets else None
        webhook = voice = None
        if hook is not None:
            webhook = public_url(request, reverse("api:twilio-voice-status", args=[hook.secret]))
            voice = public_url(request, reverse("api:twilio-voice", args=[hook.secret]))
        return api.MeSerializer(
            {
                "username": user.get_username(),
                "time_zone": preferences.time_zone,
                "quiet_start": preferences.quiet_start,
                "quiet_end": preferences.quiet_end,
                "language": preferences.language,
                "locale_confirmed": preferences.locale_confirmed,
                "digest_time": preferences.digest_time,
                "digest_by": preferences.digest_by,
                "phone_region": preferences.phone_region,
                "text_channel": preferences.text_channel,
                "windows": {key: _minutes(window) for key, window in windows_for(user).items()},
                "default_windows": api.default_windows_minutes(),
                "keep_in_touch_defaults": rhythms_of(user),
                "limits": api.limits(),
                "twilio_webhook_url": webhook,
                "twilio_voice_url": voice,
                "display_name": preferences.display_name,
                "company": preferences.company,
                "away_until": preferences.away_until,
                "away_contact": preferences.away_contact,
                "calendar_url": calendar_url(request, user) if secrets else None,
                "deletion_refused": deletion_refusal(user),
            }
        ).data

    @extend_schema(responses=api.MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(self._body(request))

    @extend_schema(request=api.MeSerializer, responses=api.MeSerializer)
    def patch(self, request: Request) -> Response:
        serializer = api.MeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        user = signed_in(request)
        if changes.get("locale_confirmed") and "time_zone" in changes:
            # Confirmed at the first sign-in: numbers typed are most likely from there.
            changes.setdefault("phone_region", region_for_time_zone(changes["time_zone"]))
        windows = changes.pop("windows", None)
        rhythms = changes.pop("keep_in_touch_defaults", None)
        # One change: a refused window leaves the preferences as they were, too.
        with transaction.atomic():
            preferences_update(user=user, **changes)
            if windows is not None:
                windows_update(
                    user=user,
                    windows={
                        key: None if minutes is None else timedelta(minutes=minutes)
                        for key, minutes in windows.items()
                    },
                )
            if rhythms is not None:
                rhythms_update(user=user, rhythms=rhythms)
            if RESCHEDULING.intersection(changes):
                rhythm_reminders_reschedule(owner=user)
        return Response(self._body(request))

    @extend_schema(request=AccountDeleteSerializer, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Delete the account and everything in it, for good (the current password)."""
        serializer = AccountDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = signed_in(request)
        password = serializer.validated_data["password"]
        # Counted with sign-in attempts (accounts.passwords): no way around the lock here.
        if not password_confirm(request, user=user, password=password):
            raise ValidationError({"password": [_("This is not your password.")]})
        account_delete(user=user)
        logout(request)
        return Response(status=204)


GREETINGS = inline_serializer(
    "VoicemailGreetings",
    {"business": serializers.CharField(), "personal": serializers.CharField()},
)


class GreetingView(APIView):
    """/api/me/greeting/: voicemail greetings to copy into the phone, from the user's
    display name and company, in their language; while away they say until when."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=GREETINGS)
    def get(self, request: Request) -> Response:
        preferences = preferences_of(signed_in(request))
        away = away_of(preferences, now=timezone.now())
        return Response(voicemail_greetings(preferences, away=away))


class CalendarRotateView(APIView):
    # A new calendar URL is an account change: the app's session.
    permission_classes = [IsAuthenticated, SessionOnly]

    @extend_schema(request=None, responses={200: api.CalendarUrlSerializer})
    def post(self, request: Request) -> Response:
        """A new calendar URL; the old one answers 404 from now on."""
        user = signed_in(request)
        calendar_feed_rotate(user=user)
        return Response({"calendar_url": calendar_url(request, user)})
