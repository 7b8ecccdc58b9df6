"""Test settings: the project's, with a data folder and keys of their own and a patient push
timeout.

A running `make run` shares the default data folder; tests must neither read its
broker queue nor write into its database. The keys are fixed and go through the
environment, so that every process a test starts (Celery workers) signs with the
same ones as the test itself.
"""

import os
from pathlib import Path

from tests.waiting import PATIENCE

os.environ.setdefault("DATA_DIR", str(Path(__file__).resolve().parent.parent / "data" / "test"))
os.environ.setdefault("SECRET_KEY", "tests-only-LPAxl_7gCr88cRRaCpHA2OKgl-CQfuXE-jaLhrF-neoN3oP8")
os.environ.setdefault("VAPID_PRIVATE_KEY", "hT5vn3dtT9aecBzSNBnrtFaLJFphCJFrEa0lQFTFRh4")
os.environ.setdefault("SOURCES_KEY", "bm90LWEtcmVhbC1rZXktb25seS1mb3ItdGhlLXRlc3Q=")
# The local push service answers whenever a busy machine lets it: no push may time out
# in a passing run (the tests of timeouts set a short one themselves). Set in the
# environment, so that the test workers get it too.
os.environ.setdefault("PUSH_TIMEOUT_SECONDS", str(int(PATIENCE)))

from project.settings import *  # noqa: F403
from project.settings import DATA_DIR, DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real Celery worker process sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
