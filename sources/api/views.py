"""/api/sources/: the user's address books, calendars and mailboxes. The app's session
only: a source holds a password, which no automation token should reach or replace."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import signed_in
from accounts.api.permissions import SessionOnly
from sources.api import serializers as api
from sources.models import Source
from sources.problems import SourceProblem
from sources.selectors import source_of, sources_of
from sources.services import source_create, source_delete, source_sync, source_update


class _SourcesView(APIView):
    permission_classes = [IsAuthenticated, SessionOnly]

    def _source(self, request: Request, pk: int) -> Source:
        source = source_of(user=signed_in(request), pk=pk)
        if source is None:
            raise Http404
        return source


class SourceListView(_SourcesView):
    @extend_schema(responses=api.SourceSerializer(many=True))
    def get(self, request: Request) -> Response:
        sources = sources_of(user=signed_in(request))
        return Response(api.SourceSerializer(sources, many=True).data)

    @extend_schema(request=api.SourceCreateSerializer, responses={201: api.SourceSerializer})
    def post(self, request: Request) -> Response:
        serializer = api.SourceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = source_create(owner=signed_in(request), **serializer.validated_data)
        return Response(api.SourceSerializer(source).data, status=status.HTTP_201_CREATED)


class SourceDetailView(_SourcesView):
    @extend_schema(responses=api.SourceSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(api.SourceSerializer(self._source(request, pk)).data)

    @extend_schema(request=api.SourceChangeSerializer, responses=api.SourceSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        source = self._source(request, pk)
        serializer = api.SourceChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        source = source_update(source=source, **serializer.validated_data)
        return Response(api.SourceSerializer(source).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        source_delete(source=self._source(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceSyncView(_SourcesView):
    @extend_schema(request=None, responses={200: api.SourceSyncSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Sync now; the answer says what changed. The server's failure is a 502 that
        names what failed, as a 400 of POST does."""
        source = self._source(request, pk)
        try:
            changes = source_sync(source=source)
        except SourceProblem as problem:
            return Response(
                {problem.field: [problem.message], "source": api.SourceSerializer(source).data},
                status=status.HTTP_502_BAD_GATEWAY,
            )
        return Response({"changes": changes, "source": api.SourceSerializer(source).data})
