"""Who a telephony provider says called: a number to call back, or nobody to call."""

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
