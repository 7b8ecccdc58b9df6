"""CI (CI=true) has every service, PostgreSQL and the browser: a test that needs one of
them skips on a laptop that lacks it, saying why, and fails in CI instead."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, reason: str) -> None:
    """Go on if `available`; else skip with `reason` ("-ra" prints it), or fail in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI needs this test: {reason}", pytrace=False)
    pytest.skip(reason)
