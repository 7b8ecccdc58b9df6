"""POST /api/reminders/<id>/caller/: who called from a number several contacts share
(a household's landline), or from an unknown one: one tap on a name."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from contacts.models import Contact
from reminders.api import serializers as api
from reminders.api.views import reminder_json
from reminders.models import Reminder
from reminders.services.calls import reminder_caller_pick


class CallerSerializer(serializers.Serializer):
    contact = serializers.IntegerField(help_text="The contact who called.")


class ReminderCallerView(APIView):
    @extend_schema(request=CallerSerializer, responses={200: api.ReminderSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in(request)
        reminder = Reminder.objects.filter(owner=user, pk=pk).select_related("owner").first()
        if reminder is None:
            raise NotFound
        given = CallerSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        contact = Contact.objects.filter(owner=user, pk=given.validated_data["contact"]).first()
        if contact is None:
            raise serializers.ValidationError({"contact": [_("No such contact.")]})
        reminder_caller_pick(reminder=reminder, contact=contact)
        return Response(reminder_json(request, reminder))
