"""System checks for what the settings could only note, since importing them writes nothing.

Registered by the accounts app (project/ is not an app). Each warning names the
command that fixes it.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from project.data_dir import PREPARE, data_folders
from project.vapid_subject import PLACEHOLDER_HELP, vapid_subject_problem

# What goes wrong when web, worker and beat each make a key of their own.
_UNSHARED_KEY = {
    "SECRET_KEY": "a session signed by one web process is refused by another",
    "VAPID_PRIVATE_KEY": "push services refuse what the worker signs for a browser "
    "that subscribed with the web process's public key",
    "SOURCES_KEY": "a source's password sealed by one process cannot be read by another",
}


def data_dir_check(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = [
        checks.Warning(
            f"{name} is a temporary key of this process: {settings.DATA_DIR} holds none, "
            f"so every process makes its own and {_UNSHARED_KEY[name]}.",
            hint=f"Run `{PREPARE}` once (`make run` does), or set {name}.",
            id="ringback.W001",
        )
        for name in settings.EPHEMERAL_KEYS
    ]
    missing = [str(folder) for folder in data_folders() if not folder.is_dir()]
    if missing:
        messages.append(
            checks.Warning(
                "Folders that Ringback's processes write into do not exist: " + ", ".join(missing),
                hint=f"Run `{PREPARE}` once (`make run` does).",
                id="ringback.W002",
            )
        )
    return messages


def vapid_subject_check(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """With DEBUG off the settings refuse such a subject already; this makes
    `check --deploy` say so on a development configuration too."""
    problem = vapid_subject_problem(settings.VAPID_SUBJECT)
    if problem is None:
        return []
    return [checks.Error(f"VAPID_SUBJECT: {problem}.", hint=PLACEHOLDER_HELP, id="ringback.E001")]
