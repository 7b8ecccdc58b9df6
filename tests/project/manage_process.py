"""`manage.py` in a process of its own, on the project's settings (not the tests') and
a data folder of the test's: settings are read once, at import, so every variant of
the environment needs a fresh process."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "kG3v-Qz8pL1tWn6yRb0mXc4sHd7fJa2eUo9iTk5gNq-VhYr8BwZ",
    "ALLOWED_HOSTS": "ringback.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://ringback.example.com",
    "VAPID_PRIVATE_KEY": "R1MJrnf4qVY4oN9MlGnqMDDmHy0kQ1QvOH8sD0XBNEE",
    "SOURCES_KEY": "9Rk2fVx0dQp4Wm8Ys1Lc6Hn3Tb7Je5Ga0Ku2Zi9Ov4E=",
    "VAPID_SUBJECT": "mailto:ops@example.com",
}

# Set by each test itself, never inherited from the test session (whose settings
# module puts fixed keys into the environment, and which CI runs on PostgreSQL and
# Redis): these processes run on the embedded defaults, all in the test's data folder.
_OWN = {
    "DJANGO_SETTINGS_MODULE",
    "DATA_DIR",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "PUBLIC_URL",
    # The browser tests set it for the rest of the session; production has no such thing,
    # and a check must not depend on the order the tests ran in.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    *PRODUCTION,
}


def environment(env: dict[str, str], data_dir: Path) -> dict[str, str]:
    inherited = {name: value for name, value in os.environ.items() if name not in _OWN}
    return {**inherited, **env, "DATA_DIR": str(data_dir)}


def run(args: list[str], *, env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        cwd=ROOT,
        env=environment(env, data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env=env, data_dir=data_dir)


def run_shell_command(
    command: str, *, env: dict[str, str], data_dir: Path
) -> subprocess.CompletedProcess:
    """A command as a message tells a person to type it: `NAME=value python3 …`."""
    words = shlex.split(command)
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env = {**env, name: value}
    if words[0] in {"python", "python3"}:
        words[0] = sys.executable
    return run(words, env=env, data_dir=data_dir)


def printed(code: str, *, env: dict[str, str], data_dir: Path) -> str:
    """The last line `code` prints when run by `manage.py shell` (after Django's own)."""
    result = manage("shell", "-c", code, env=env, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]
