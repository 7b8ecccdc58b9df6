"""Migrations that only give the admin its words (verbose names, help texts, choices'
labels) and proxies: they run no SQL statement, so no table changes and every row stays
as it was, on SQLite and on PostgreSQL alike."""

from io import StringIO

import pytest
from django.core.management import call_command

NAME_ONLY = [
    ("accounts", "0009_verbose_names"),
    ("contacts", "0010_verbose_names"),
    ("contacts", "0011_verbose_names"),
    ("push", "0003_verbose_names"),
    ("reach", "0002_verbose_names"),
    ("reminders", "0015_verbose_names"),
    ("sources", "0005_verbose_names"),
    ("voicemail", "0002_verbose_names"),
]


def _statements(app: str, migration: str, *, backwards: bool = False) -> list[str]:
    out = StringIO()
    call_command("sqlmigrate", app, migration, backwards=backwards, stdout=out)
    lines = [line.strip() for line in out.getvalue().splitlines()]
    return [
        line
        for line in lines
        if line and not line.startswith("--") and line not in ("BEGIN;", "COMMIT;")
    ]


# sqlmigrate opens a schema editor, which SQLite refuses inside a test's transaction.
@pytest.mark.django_db(transaction=True)
def test_they_run_no_statement_either_way():
    ran = {
        f"{app} {migration} {'backwards' if backwards else 'forwards'}": statements
        for app, migration in NAME_ONLY
        for backwards in (False, True)
        if (statements := _statements(app, migration, backwards=backwards))
    }

    assert ran == {}
