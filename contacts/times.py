"""Time facts every app shares."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# Phones and servers disagree on the time by a little; a moment "in the future" by less
# than this is taken as now.
CLOCK_SKEW = timedelta(minutes=2)


def on_wall_clock(moment: datetime, zone: ZoneInfo) -> datetime:
    """A time given without an offset ("2026-03-02T09:00") is read on the wall clock of
    `zone`, the user's; one with an offset is left as it is."""
    if moment.utcoffset() is not None:
        return moment
    return moment.replace(tzinfo=zone)
