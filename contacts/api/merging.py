"""POST /api/contacts/<id>/merge/ {"other": id}: the other contact becomes this one
(contacts.merging); the answer is the merged contact."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from contacts.api.context import contact_context
from contacts.api.serializers import ContactSerializer
from contacts.merging import contacts_merge
from contacts.models import Contact


class MergeSerializer(serializers.Serializer):
    other = serializers.IntegerField(help_text="The contact merged into this one, then gone.")


class ContactMergeView(APIView):
    @extend_schema(request=MergeSerializer, responses={200: ContactSerializer})
    def post(self, request: Request, pk: int) -> Response:
        mine = Contact.objects.filter(owner=signed_in(request))
        keep = mine.filter(pk=pk).first()
        if keep is None:
            raise NotFound
        given = MergeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        other = mine.filter(pk=given.validated_data["other"]).first()
        if other is None or other.pk == keep.pk:
            raise ValidationError({"other": [_("Choose another of your contacts.")]})
        merged = contacts_merge(keep=keep, other=other)
        fresh = mine.prefetch_related("numbers", "dates").get(pk=merged.pk)
        return Response(ContactSerializer(fresh, context=contact_context(request)).data)
