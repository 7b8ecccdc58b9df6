"""Who a telephony provider says called: a number to call back, or nobody to call."""

from django.dispatch import Signal

# Twilio reported the end of a call (status `completed`) to the status webhook; sent
# with owner= and call_sid=. The voicemail listens: a caller who hung up before the tone
# leaves no message to wait for.
twilio_call_ended = Signal()

# What Twilio puts in From when the caller hid their number: words, and the number
# +266696687 (it spells ANONYMOUS on a keypad). Browser and SIP calls ("client:alice",
# "sip:…") have no number to call back either.
WITHHELD_WORDS = frozenset({"", "anonymous", "restricted", "unknown", "private", "unavailable"})
WITHHELD_NUMBERS = frozenset({"+266696687", "266696687"})
NOT_A_NUMBER_SCHEMES = ("client:", "sip:")


def is_withheld(caller: str) -> bool:
    caller = caller.strip().lower()
    return (
        caller in WITHHELD_WORDS
        or caller in WITHHELD_NUMBERS
        or caller.startswith(NOT_A_NUMBER_SCHEMES)
    )
