"""When each source syncs: spread over the interval by its id, later after failures;
beat hands each due source out once; passwords sealed with SOURCES_KEY."""

from datetime import UTC, datetime, timedelta

import pytest

from sources.models import Source
from sources.sealing import Unsealable, seal, unseal
from sources.services import next_sync_after, sources_due_claim

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def _source(user, **fields) -> Source:
    return Source.objects.create(
        owner=user, kind="carddav", url="https://dav.example/", username="a", **fields
    )


@pytest.mark.django_db
def test_sources_sync_at_their_own_second_within_the_interval(user):
    turns = [next_sync_after(source=_source(user), now=NOW) for _ in range(20)]
    assert all(NOW + timedelta(minutes=15) <= turn < NOW + timedelta(minutes=30) for turn in turns)
    assert len({turn.minute * 60 + turn.second for turn in turns}) > 10  # spread out


@pytest.mark.django_db
def test_a_failing_source_waits_twice_as_long_each_time_up_to_a_day(user):
    source = _source(user)
    waits = []
    for failures in (1, 2, 3, 12):
        source.failures = failures
        waits.append(next_sync_after(source=source, now=NOW) - NOW)
    assert timedelta(minutes=30) <= waits[0] < timedelta(minutes=45)
    assert timedelta(minutes=60) <= waits[1] < timedelta(minutes=75)
    assert timedelta(minutes=120) <= waits[2] < timedelta(minutes=135)
    assert timedelta(days=1) <= waits[3] < timedelta(days=1, minutes=15)


@pytest.mark.django_db
def test_beat_hands_out_each_due_source_once(user):
    due = _source(user, next_sync_at=NOW - timedelta(seconds=1))
    _source(user, next_sync_at=NOW + timedelta(minutes=1))
    _source(user)  # never (no turn)
    assert sources_due_claim(now=NOW) == [due.pk]
    assert sources_due_claim(now=NOW) == []


def test_a_password_sealed_with_another_key_is_refused(settings):
    sealed = seal("hunter2")
    assert "hunter2" not in sealed and unseal(sealed) == "hunter2"
    settings.SOURCES_KEY = b"YW5vdGhlci1rZXktb2YtdGhpcnR5LXR3by1ieXRlcyE="
    with pytest.raises(Unsealable):
        unseal(sealed)
