"""What a reminder offers to do now — the same list for its push and for the API.

Each action is {"action": "call"|"text"|"email", "title", "url"}: the channels come from
the rule book (reminders.policy), the words and links from reminders.texts.
"""

from datetime import datetime

from reminders import policy
from reminders.models import Reminder, ReminderKind
from reminders.plans import Situation
from reminders.policy import Proposal
from reminders.texts import call_url, email_subject, email_url, suggested_text, text_url, words


def proposal_of(reminder: Reminder, situation: Situation) -> Proposal:
    return policy.proposal(
        identify=reminder.kind == ReminderKind.IDENTIFY,
        failed_calls=situation.failed_calls,
        has_number=bool(reminder.number),
        has_email=bool(reminder.contact is not None and reminder.contact.email),
    )


def text_channel_of(reminder: Reminder, situation: Situation) -> str:
    own = reminder.contact.text_channel if reminder.contact is not None else ""
    return policy.text_channel(contact_choice=own, default=situation.text_channel)


def reminder_text(reminder: Reminder, situation: Situation, *, language: str, now: datetime) -> str:
    return suggested_text(
        reminder, language=language, now=now, free_from=situation.free_from, away=situation.away
    )


def reminder_actions(
    reminder: Reminder,
    situation: Situation,
    *,
    language: str,
    now: datetime,
    text: str | None = None,
    subject: str | None = None,
) -> list[dict[str, str]]:
    """`text`: the suggested text, when the caller has it already (reminder_text);
    `subject`: the e-mail's subject, when the caller has it (the push shortens both)."""
    w = words(language)
    email = reminder.contact.email if reminder.contact is not None else ""
    channels = policy.action_channels(
        identify=reminder.kind == ReminderKind.IDENTIFY,
        failed_calls=situation.failed_calls,
        has_number=bool(reminder.number),
        has_email=bool(email),
    )
    actions = []
    for channel in channels:
        if channel == Proposal.CALL:
            url = call_url(reminder.number)
        else:
            body = (
                text
                if text is not None
                else reminder_text(reminder, situation, language=language, now=now)
            )
            if channel == Proposal.EMAIL:
                if subject is None:
                    subject = email_subject(reminder, language=language)
                url = email_url(email, subject=subject, body=body)
            else:
                url = text_url(reminder.number, body, text_channel_of(reminder, situation))
        actions.append({"action": str(channel), "title": w[str(channel)], "url": url})
    return actions
