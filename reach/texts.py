"""The words of a message through a channel: the push's own words and its links (call,
text, open the app), as plain text every channel can show."""

from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from reminders.dispatch.payload import StepContext, build_payload, digest_lines, digest_order
from reminders.models import Reminder
from reminders.texts import words


def app_link(path: str) -> str:
    """An absolute link when PUBLIC_URL is set (an e-mail has no page to be relative to)."""
    return f"{settings.PUBLIC_URL}{path}"


def fallback_text(reminder: Reminder, context: StepContext, *, reason: str) -> tuple[str, str]:
    """Title and body: what the push said, then a line per link."""
    payload = build_payload(reminder, context, reason=reason)
    lines = [payload["body"], ""] if payload["body"] else []
    for action in payload["actions"]:
        lines.append(f"{action['title']}: {action['url']}")
    with translation.override(context.language):
        open_app = gettext("Open in Ringback")
    lines.append(f"{open_app}: {app_link(payload['url'])}")
    return payload["title"], "\n".join(lines)


def digest_text(reminders: list[Reminder], *, language: str, now: datetime) -> tuple[str, str]:
    """Title and body of the daily digest: a line per person, as in the push, never cut
    (a channel has no 4 KB limit), and the link to Today, where each has a card."""
    lines = digest_lines(digest_order(reminders), language=language, now=now)
    with translation.override(language):
        open_app = gettext("Open in Ringback")
    return words(language)["title_digest"], "\n".join(
        [*lines, "", f"{open_app}: {app_link('/today')}"]
    )


def test_text(language: str) -> tuple[str, str]:
    with translation.override(language):
        return (
            gettext("Ringback: test"),
            gettext("This channel works: reminders nobody saw on a phone come here too."),
        )
