import os
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
    "VAPID_SUBJECT": "mailto:ops@example.com",
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    # Nothing of this session's environment that production would not have: the browser
    # tests set DJANGO_ALLOW_ASYNC_UNSAFE, and this check must not depend on test order.
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(env, DATA_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    result = manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_vapid_keys(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "VAPID_PRIVATE_KEY"}

    result = manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "VAPID_PRIVATE_KEY must be set" in result.stderr


def test_development_generates_its_keys_once_into_the_data_folder(tmp_path):
    env = {"DEBUG": "true"}

    show_key = "from django.conf import settings; print(settings.VAPID_PUBLIC_KEY)"

    first = manage("shell", "-c", show_key, env=env, tmp_path=tmp_path)
    second = manage("shell", "-c", show_key, env=env, tmp_path=tmp_path)

    assert first.returncode == 0, first.stderr
    key = first.stdout.splitlines()[-1]
    assert key == second.stdout.splitlines()[-1]
    assert len(key) == 87  # base64url of an uncompressed P-256 point, 65 bytes
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
