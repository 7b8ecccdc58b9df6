"""Messages in the admin: the caller's number as the owner writes it at home."""

import pytest

from accounts.services import preferences_update
from reminders.services.calls import missed_call_record
from tests.factories import UserFactory
from voicemail.models import RecordingStatus, Voicemail

pytestmark = pytest.mark.django_db


def test_it_lists_the_caller_in_the_owners_format_and_anonymous_as_sent(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    preferences_update(user=root, phone_region="DE")
    for sid, caller in (("CA1", "+49301234567"), ("CA2", "anonymous")):
        call = missed_call_record(
            owner=root, number=caller if caller[0] == "+" else "", withheld=caller[0] != "+"
        )
        Voicemail.objects.create(
            owner=root, missed_call=call, call_sid=sid, caller=caller,
            recording_status=RecordingStatus.PENDING,
        )  # fmt: skip
    client.force_login(root)

    text = client.get("/admin/voicemail/voicemail/").content.decode()

    assert "030 1234567" in text
    assert "+49301234567<" not in text
    assert ">anonymous<" in text
