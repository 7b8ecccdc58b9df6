"""Helpers of the import tests: the sample files and sending one to the API."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def upload(client: APIClient, name: str, data: bytes | None = None, query: str = "", **form):
    """POST a file to the import as a browser's form does (multipart)."""
    content = sample(name) if data is None else data
    return client.post(
        f"/api/contacts/import/{query}",
        {"file": SimpleUploadedFile(name, content, content_type="text/vcard"), **form},
        format="multipart",
    )


def counts(report: dict) -> dict:
    """The report's totals and skipped cards, without the list of every card."""
    return {key: report[key] for key in ("created", "updated", "unchanged", "skipped")}


@contextmanager
def queries() -> Iterator[list[str]]:
    """The SQL run meanwhile, through a request too (Django empties the debug log that
    CaptureQueriesContext reads when a request starts)."""
    found: list[str] = []

    def count(execute, sql, params, many, context):
        found.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield found
