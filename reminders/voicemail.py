"""The voicemail greetings the user copies into their phone: a business one (formal) and
a personal one, in the user's language, saying when they are back while away."""

from django.utils import translation
from django.utils.translation import pgettext_lazy

from accounts.models import Preferences
from reminders.policy import Away
from reminders.texts import day

# Whole sentences, joined by a space: word order differs between languages.
GREETINGS = {
    "business_intro_company": pgettext_lazy(
        "voicemail, formal", "You have reached {name}, {company}."
    ),
    "business_intro": pgettext_lazy("voicemail, formal", "You have reached {name}."),
    "business_intro_anonymous": pgettext_lazy("voicemail, formal", "Thank you for calling."),
    "business_unavailable": pgettext_lazy(
        "voicemail, formal", "I cannot take your call at the moment."
    ),
    "business_away": pgettext_lazy(
        "voicemail, formal", "I am away until {until} and will call you back from {back}."
    ),
    "business_away_contact": pgettext_lazy(
        "voicemail, formal", "In urgent matters, please contact {contact}."
    ),
    "business_leave": pgettext_lazy(
        "voicemail, formal",
        "Please leave your name, your number and what it is about; I will call you back as "
        "soon as I can.",
    ),
    "personal_intro": pgettext_lazy("voicemail, informal", "Hi, this is {name}."),
    "personal_intro_anonymous": pgettext_lazy("voicemail, informal", "Hi!"),
    "personal_unavailable": pgettext_lazy("voicemail, informal", "I can't answer right now."),
    "personal_away": pgettext_lazy(
        "voicemail, informal", "I'm away until {until} and will call you back from {back}."
    ),
    "personal_away_contact": pgettext_lazy(
        "voicemail, informal", "Meanwhile you can reach me at {contact}."
    ),
    "personal_leave": pgettext_lazy(
        "voicemail, informal", "Leave me a message and I'll call you back soon."
    ),
}


def _business(preferences: Preferences, away: Away | None, language: str) -> list[str]:
    name, company = preferences.display_name.strip(), preferences.company.strip()
    if name and company:
        intro = GREETINGS["business_intro_company"].format(name=name, company=company)
    elif name or company:
        intro = GREETINGS["business_intro"].format(name=name or company)
    else:
        intro = str(GREETINGS["business_intro_anonymous"])
    return [intro, *_middle("business", away, language), str(GREETINGS["business_leave"])]


def _personal(preferences: Preferences, away: Away | None, language: str) -> list[str]:
    name = preferences.display_name.strip()
    intro = GREETINGS["personal_intro"].format(name=name) if name else ""
    intro = intro or str(GREETINGS["personal_intro_anonymous"])
    return [intro, *_middle("personal", away, language), str(GREETINGS["personal_leave"])]


def _middle(register: str, away: Away | None, language: str) -> list[str]:
    if away is None:
        return [str(GREETINGS[f"{register}_unavailable"])]
    sentences = [
        GREETINGS[f"{register}_away"].format(
            until=day(away.until, language), back=day(away.back, language)
        )
    ]
    if away.contact:
        sentences.append(GREETINGS[f"{register}_away_contact"].format(contact=away.contact))
    return sentences


def voicemail_greetings(preferences: Preferences, *, away: Away | None) -> dict[str, str]:
    """{"business": …, "personal": …} in the user's language, from their display name and
    company; the away period and how else to reach them while `away` is set."""
    language = preferences.language
    with translation.override(language):
        return {
            "business": " ".join(_business(preferences, away, language)),
            "personal": " ".join(_personal(preferences, away, language)),
        }
