"""Database connections: psycopg's compiled parser for timestamps with a time zone.

Django registers a loader of its own on every PostgreSQL connection: psycopg's pure
Python parser, then the connection's zone set on the result. On a connection whose
session zone is UTC (every connection, with USE_TZ and no database TIME_ZONE) psycopg's
compiled loader gives the very same datetimes, tzinfo datetime.timezone.utc included, at
a fifth of the CPU: ~1 ms less for a list of 50 reminders, which loads ~450 of them
(bench/limits.md, part 3).

Registered by the accounts app (project/ is not an app), for each new connection.
"""

import datetime
from functools import cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


@cache
def _utc_loader() -> type | None:
    """A loader class that Django takes for its own (it compares `timezone`) and that
    parses with psycopg's compiled loader; None without compiled psycopg."""
    import psycopg
    from psycopg import abc, adapt, pq
    from psycopg.postgres import types

    if pq.__impl__ == "python":
        return None
    oid = types["timestamptz"].oid
    found = psycopg.adapters.get_loader(oid, pq.Format.TEXT)
    assert found is not None
    compiled: type[abc.Loader] = found

    class UtcTimestampLoader(adapt.Loader):
        timezone = datetime.UTC

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self._compiled = compiled(oid, context)

        def load(self, data: Any) -> datetime.datetime:
            return self._compiled.load(data)

    return UtcTimestampLoader


def compiled_timestamp_loader(sender: type, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor != "postgresql" or connection.timezone is not datetime.UTC:
        return
    loader = _utc_loader()
    if loader is not None:
        connection.connection.adapters.register_loader("timestamptz", loader)
