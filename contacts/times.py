"""Time facts every app shares."""

from datetime import timedelta

# Phones and servers disagree on the time by a little; a moment "in the future" by less
# than this is taken as now.
CLOCK_SKEW = timedelta(minutes=2)
