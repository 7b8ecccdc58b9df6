"""Benchmark data in bulk: the services store one row at a time with every check, which
would take longer than the benchmarks; these rows are what the services would store."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from webpush.models import PushInformation, SubscriptionInfo

from accounts.models import Preferences
from contacts.models import Contact, PhoneNumber, Relationship
from push.models import Subscription
from reminders.models import MissedCall, Reminder, ReminderState, Source
from reminders.policy import StepKind

BATCH = 2000
PASSWORD = "bench horse battery staple"


def database_reset() -> None:
    """Every table emptied (TRUNCATE), the schema kept."""
    call_command("flush", interactive=False, verbosity=0)


def users_create(count: int, *, prefix: str = "user") -> list:
    password = make_password(PASSWORD)
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{n}", password=password) for n in range(count)],
        batch_size=BATCH,
    )
    Preferences.objects.bulk_create(
        [Preferences(user=user, time_zone="UTC") for user in users], batch_size=BATCH
    )
    return users


def number_of(n: int) -> str:
    return f"+49151{n:08d}"


def contacts_create(owners: Sequence, *, per_owner: int) -> list[Contact]:
    contacts = Contact.objects.bulk_create(
        [
            Contact(owner=owner, name=f"Contact {i} of {owner.username}", relationship=rel)
            for owner in owners
            for i, rel in zip(range(per_owner), _relationships(), strict=False)
        ],
        batch_size=BATCH,
    )
    PhoneNumber.objects.bulk_create(
        [
            PhoneNumber(owner_id=c.owner_id, contact=c, number=number_of(n), label="mobile")
            for n, c in enumerate(contacts)
        ],
        batch_size=BATCH,
    )
    return contacts


def _relationships():
    while True:
        yield from (Relationship.FRIEND, Relationship.FAMILY, Relationship.WORK)


def subscriptions_create(
    owners: Sequence, subscriptions: Sequence[tuple[str, str, str, str]], *, per_owner: int
) -> None:
    """Attach `per_owner` of the receiver's (id, endpoint, p256dh, auth) to each owner."""
    infos = SubscriptionInfo.objects.bulk_create(
        [
            SubscriptionInfo(browser="chrome", endpoint=endpoint, p256dh=p256dh, auth=auth)
            for _id, endpoint, p256dh, auth in subscriptions
        ],
        batch_size=BATCH,
    )
    Subscription.objects.bulk_create(
        [Subscription(info=info, endpoint=info.endpoint) for info in infos], batch_size=BATCH
    )
    PushInformation.objects.bulk_create(
        [
            PushInformation(user=owners[n // per_owner], subscription=info)
            for n, info in enumerate(infos)
        ],
        batch_size=BATCH,
    )


# What each benchmark caller said (the reminder keeps it too, as the intake would).
REASON = "about Sunday"


def open_reminders_create(
    contacts: Sequence[Contact], *, called_at: datetime, next_step_at: datetime | None
) -> list[Reminder]:
    """One open reminder per contact, called once, its prompt due at `next_step_at`."""
    reminders = Reminder.objects.bulk_create(
        [
            Reminder(
                owner_id=contact.owner_id,
                contact=contact,
                number=number,
                state=ReminderState.OPEN,
                opened_at=called_at,
                first_call_at=called_at,
                last_call_at=called_at,
                deadline=called_at + timedelta(days=1),
                next_step=StepKind.PROMPT,
                next_step_at=next_step_at,
                step_seq=1,
                latest_reason=REASON,
            )
            for contact, number in _numbers(contacts)
        ],
        batch_size=BATCH,
    )
    MissedCall.objects.bulk_create(
        [
            MissedCall(
                owner_id=r.owner_id,
                contact_id=r.contact_id,
                number=r.number,
                occurred_at=called_at,
                source=Source.API,
                reason=REASON,
                reminder=r,
            )
            for r in reminders
        ],
        batch_size=BATCH,
    )
    return reminders


def _numbers(contacts: Sequence[Contact]):
    numbers = dict(
        PhoneNumber.objects.filter(contact__in=[c.pk for c in contacts]).values_list(
            "contact_id", "number"
        )
    )
    for contact in contacts:
        yield contact, numbers[contact.pk]
