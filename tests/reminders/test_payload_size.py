"""Never too big: every push fits the 3,993 bytes a push service takes, whatever the
person typed (any Unicode, every field at its maximum length), with its delivery ids."""

import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

from hypothesis import example, given
from hypothesis import strategies as st

from accounts.models import TextChannel
from contacts.models import Contact, Relationship
from reminders.dispatch.payload import (
    ELLIPSIS,
    MAX_PAYLOAD_BYTES,
    StepContext,
    payload_bytes,
    shorten,
    with_delivery_ids,
)
from reminders.models import Reminder, ReminderKind
from reminders.plans import Situation
from reminders.policy import Away, StepKind

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
BIGGEST_ID = 2**63 - 1
NUMBER = "+4915112345678"
# Every character a person can type, the widest in UTF-8 and in %-encoding among them.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=1000)
names = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=200)
greetings = st.text(st.characters(exclude_categories=("Cs",)), max_size=100)
away_contacts = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
WIDE = "😀" * 200
# The links a push may carry, whatever the messenger (wa.me bodies are %-encoded too).
LINKS = (
    "tel:" + NUMBER,
    f"sms:{NUMBER}?&body=",
    f"https://wa.me/{NUMBER[1:]}?text=",
    f"https://signal.me/#p/{NUMBER}",
    f"https://t.me/{NUMBER}",
    "mailto:",
)
# An address of the longest kind an EmailField takes.
EMAIL = "a" * 64 + "@" + ("b" * 62 + ".") * 3 + "com"


def reminder_of(
    name: str, greeting: str, email: str, kind: str, relationship: str, channel: str = ""
) -> Reminder:
    """An unsaved reminder as the batch reads it: the payload needs no database."""
    contact = Contact(
        pk=BIGGEST_ID,
        name=name,
        greeting=greeting,
        email=email,
        relationship=relationship,
        text_channel=channel,
    )
    rhythm = kind == ReminderKind.KEEP_IN_TOUCH
    return Reminder(
        pk=BIGGEST_ID,
        owner_id=BIGGEST_ID,
        contact=contact,
        number=NUMBER,
        kind=kind,
        call_count=0 if rhythm else 99,
        opened_at=T0,
        first_call_at=None if rhythm else T0,
        last_call_at=None if rhythm else T0,
        deadline=T0 + timedelta(days=1),
        next_step=StepKind.NUDGE,
    )


@given(
    name=names,
    greeting=greetings,
    reason=texts,
    away_contact=away_contacts,
    email=st.sampled_from(["", EMAIL, "anna@example.com"]),
    kind=st.sampled_from(
        [ReminderKind.CALLBACK, ReminderKind.IDENTIFY, ReminderKind.FOLLOW_UP, "keep_in_touch"]
    ),
    relationship=st.sampled_from(list(Relationship)),
    failed=st.integers(0, 5),
    language=st.sampled_from(["en", "de"]),
    step=st.sampled_from(
        [StepKind.PROMPT, StepKind.NUDGE, StepKind.FINAL, StepKind.OVERDUE, StepKind.APOLOGY]
    ),
    channel=st.sampled_from(["", *TextChannel.values]),
)
@example(
    name=WIDE, greeting=WIDE[:100], reason=WIDE * 5, away_contact=WIDE, email=EMAIL,
    kind=ReminderKind.FOLLOW_UP, relationship=Relationship.CLIENT, failed=3, language="de",
    step=StepKind.APOLOGY, channel=TextChannel.WHATSAPP,
)  # fmt: skip
def test_every_push_fits_with_its_delivery_id(
    name, greeting, reason, away_contact, email, kind, relationship, failed, language, step,
    channel,
):  # fmt: skip
    reminder = reminder_of(name, greeting, email, kind, relationship, channel)
    away = Away(until=date(2026, 6, 10), contact=away_contact)
    situation = Situation(relationship, failed, T0 + timedelta(hours=3), away)
    context = StepContext(step=step, now=T0 + timedelta(hours=2), language=language)

    data = with_delivery_ids(payload_bytes(reminder, context, reason=reason), [BIGGEST_ID])
    if kind != "keep_in_touch":
        # The same reminder, with the situation the batch reads.
        context = StepContext(step, context.now, language, situation)
        data = with_delivery_ids(payload_bytes(reminder, context, reason=reason), [BIGGEST_ID])

    assert len(data) <= MAX_PAYLOAD_BYTES
    payload = json.loads(data)
    assert payload["delivery_ids"] == [BIGGEST_ID]
    assert payload["tag"] == f"reminder-{BIGGEST_ID}"
    for action in payload["actions"]:
        # Links are never cut: the scheme and the number (or address) stay whole.
        assert action["url"].startswith(LINKS)
        assert unquote(action["url"])  # whole %-escapes only
    # A title cut says so at its end.
    assert ELLIPSIS not in payload["title"][:-1] or ELLIPSIS in name


def test_a_short_push_is_not_cut():
    reminder = reminder_of("Anna Weber", "", "", ReminderKind.CALLBACK, Relationship.FRIEND)
    context = StepContext(step=StepKind.NUDGE, now=T0 + timedelta(hours=2), language="en")

    payload = json.loads(payload_bytes(reminder, context, reason="About Sunday"))

    assert payload["title"] == "Call back Anna Weber"
    assert payload["body"].endswith("“About Sunday”")
    assert ELLIPSIS not in json.dumps(payload, ensure_ascii=False)


def test_the_reason_goes_first_then_the_suggested_text():
    reminder = reminder_of("Anna", "", "", ReminderKind.CALLBACK, Relationship.FRIEND)
    context = StepContext(step=StepKind.NUDGE, now=T0 + timedelta(hours=2), language="en")

    payload = json.loads(payload_bytes(reminder, context, reason="😀" * 1000))

    assert payload["title"] == "Call back Anna"
    reason = payload["body"].split("\n")[-1]
    assert reason.startswith("“😀") and reason.endswith("😀…”")
    assert unquote(payload["actions"][1]["url"]).startswith(f"sms:{NUMBER}?&body=Hi Anna, ")
    assert not unquote(payload["actions"][1]["url"]).endswith(ELLIPSIS)


def test_a_cut_never_separates_a_character_from_its_marks():
    family = "👩\u200d👩\u200d👧"
    accented = "e\u0301"

    assert shorten("ab" + family, 4) == "ab" + ELLIPSIS
    assert shorten("ab" + accented + "cd", 3) == "ab" + ELLIPSIS
    assert shorten("abc", 3) == "abc"
    assert shorten("abc", 0) == ""
