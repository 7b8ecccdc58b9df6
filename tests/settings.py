"""Test settings: the project's, with a data folder of their own.

A running `make run` shares the default data folder; tests must neither read its
broker queue nor write into its database.
"""

import os
from pathlib import Path

os.environ.setdefault("DATA_DIR", str(Path(__file__).resolve().parent.parent / "data" / "test"))

from project.settings import *  # noqa: F403
from project.settings import DATA_DIR, DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real Celery worker process sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
