import hashlib

from django.db import migrations


def keys_to_replays(apps, schema_editor):
    """A call's client key becomes a stored answer of accounts' ActionReplay, the one way
    a retry is recognised: a retry after the upgrade still finds the call it made."""
    MissedCall = apps.get_model("reminders", "MissedCall")
    ActionReplay = apps.get_model("accounts", "ActionReplay")
    calls = MissedCall.objects.exclude(client_key="").order_by("id")
    for call in calls.iterator():
        if call.client_key.startswith("twilio:"):
            # As reminders.api.webhooks answers a Twilio status sent again.
            path = ""
            request_hash = hashlib.sha256(call.client_key.encode()).hexdigest()
            body = {"missed_call": call.pk, "reminder": call.reminder_id}
        else:
            # Compared by path, as answers stored before requests were hashed.
            path, request_hash = "/api/missed-calls/", ""
            body = {
                "missed_call": {
                    "id": call.pk,
                    "occurred_at": call.occurred_at.isoformat(),
                    "number": call.number,
                    "withheld": call.withheld,
                    "source": call.source,
                    "reason": call.reason,
                },
                "reminder": None if call.reminder_id is None else {"id": call.reminder_id},
            }
        ActionReplay.objects.get_or_create(
            owner_id=call.owner_id,
            key=call.client_key,
            defaults={
                "path": path,
                "request_hash": request_hash,
                "state": "done",
                "status_code": 201,
                "body": body,
            },
        )


def replays_to_keys(apps, schema_editor):
    """Back: each stored answer that made a missed call gives the call its key again."""
    MissedCall = apps.get_model("reminders", "MissedCall")
    ActionReplay = apps.get_model("accounts", "ActionReplay")
    for replay in ActionReplay.objects.filter(state="done").order_by("id").iterator():
        made = (replay.body or {}).get("missed_call") if isinstance(replay.body, dict) else None
        call_id = made.get("id") if isinstance(made, dict) else made
        if isinstance(call_id, int):
            MissedCall.objects.filter(pk=call_id, owner_id=replay.owner_id).update(
                client_key=replay.key
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_calendar_feed"),
        ("reminders", "0011_derived_facts"),
    ]

    operations = [
        migrations.RunPython(keys_to_replays, replays_to_keys),
        migrations.RemoveConstraint(
            model_name="missedcall",
            name="missedcall_client_key_unique_per_owner",
        ),
        migrations.RemoveField(
            model_name="missedcall",
            name="client_key",
        ),
    ]
