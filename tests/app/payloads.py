"""Push payloads as the shared contract describes them (the engine builds the real ones)."""

import json

MAX_PAYLOAD_BYTES = 3993


def contract_payload(
    *, reminder_id: int, number: str = "+4915112345678", step: str = "prompt"
) -> str:
    payload = {
        "title": "Call back Mum",
        "body": "She called 3 h ago · 21 h left · “about Sunday”",
        "tag": f"reminder-{reminder_id}",
        "url": f"/reminders/{reminder_id}",
        "reminder_id": reminder_id,
        "step": step,
        "timestamp": 1_795_000_000_000,
        "renotify": True,
        "require_interaction": False,
        "actions": [
            {"action": "call", "title": "Call back", "url": f"tel:{number}"},
            {
                "action": "text",
                "title": "Text",
                "url": f"sms:{number}?&body=Hi%20Mum%2C%20sorry%20I%20missed%20your%20call%21",
            },
        ],
    }
    data = json.dumps(payload, ensure_ascii=False)
    assert len(data.encode()) <= MAX_PAYLOAD_BYTES
    return data
