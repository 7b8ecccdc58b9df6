"""The voicemail follows what the status webhook hears (reminders know nothing of the
voicemail): thin receivers that call services."""

from accounts.users import User


def twilio_call_ended(sender: type, owner: User, call_sid: str, **kwargs: object) -> None:
    from voicemail.services import voicemail_call_ended

    voicemail_call_ended(owner=owner, call_sid=call_sid)
