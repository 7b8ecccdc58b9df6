"""Production settings (DEBUG=false): what they refuse, and what passes `check --deploy`."""

import json
import re

import pytest

from tests.project.manage_process import PRODUCTION, manage, printed, run_shell_command

SHOW_SUBJECT = "from django.conf import settings; print(settings.VAPID_SUBJECT)"
SHOW_PUBLIC_KEY = "from django.conf import settings; print(settings.VAPID_PUBLIC_KEY)"


def check_deploy(env, tmp_path):
    prepared = manage("prepare_data_dir", env=env, data_dir=tmp_path)
    assert prepared.returncode == 0, prepared.stderr
    return manage("check", "--deploy", "--fail-level", "WARNING", env=env, data_dir=tmp_path)


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = check_deploy(PRODUCTION, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_prepare_data_dir_writes_no_key_files_in_production(tmp_path):
    result = manage("prepare_data_dir", env=PRODUCTION, data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "broker" / "queue").is_dir()
    assert (tmp_path / "staticfiles").is_dir()
    assert not (tmp_path / "secret_key").exists()
    assert not (tmp_path / "vapid_private.pem").exists()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    result = manage("check", env=env, data_dir=tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_vapid_keys(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "VAPID_PRIVATE_KEY"}

    result = manage("check", env=env, data_dir=tmp_path)

    assert result.returncode != 0
    assert "VAPID_PRIVATE_KEY must be set" in result.stderr


@pytest.mark.parametrize("name", ["SECRET_KEY", "VAPID_PRIVATE_KEY"])
def test_it_names_a_command_that_makes_the_missing_key(name, tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    refused = manage("check", env=env, data_dir=tmp_path)
    command = re.search(r"`([^`]+)`", refused.stderr.splitlines()[-1]).group(1)

    made = run_shell_command(command, env=env, data_dir=tmp_path)

    assert made.returncode == 0, made.stderr
    # generate_vapid_key prints lines for an environment file; the other, the key alone.
    key = re.search(rf"^(?:{name}=)?(\S+)$", made.stdout, re.MULTILINE).group(1)
    assert check_deploy({**env, name: key}, tmp_path).returncode == 0


def test_generate_vapid_key_prints_the_public_key_the_settings_derive(tmp_path):
    made = manage("generate_vapid_key", env={"DEBUG": "true"}, data_dir=tmp_path)
    private = re.search(r"^VAPID_PRIVATE_KEY=(\S+)$", made.stdout, re.MULTILINE).group(1)
    public = made.stdout.split()[-1]

    env = {**PRODUCTION, "VAPID_PRIVATE_KEY": private}

    assert printed(SHOW_PUBLIC_KEY, env=env, data_dir=tmp_path) == public
    assert len(public) == 87  # base64url of an uncompressed P-256 point, 65 bytes
    assert list(tmp_path.iterdir()) == []  # printed, stored nowhere


@pytest.mark.parametrize(
    "subject",
    [
        {},  # the default, without an https PUBLIC_URL to take
        {"PUBLIC_URL": "http://ringback.example.com"},
        {"VAPID_SUBJECT": "mailto:admin@localhost"},
    ],
    ids=["unset", "http-public-url", "localhost"],
)
def test_production_refuses_a_placeholder_vapid_subject(subject, tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "VAPID_SUBJECT"} | subject

    result = manage("check", "--deploy", env=env, data_dir=tmp_path)

    assert result.returncode != 0
    message = result.stderr.splitlines()[-1]
    assert "VAPID_SUBJECT" in message
    assert "403 BadJwtToken" in message
    assert "Set VAPID_SUBJECT" in message
    assert "PUBLIC_URL" in message


def test_production_takes_an_https_public_url_as_the_vapid_subject(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "VAPID_SUBJECT"}
    env["PUBLIC_URL"] = "https://x.example"

    checked = check_deploy(env, tmp_path)

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert printed(SHOW_SUBJECT, env=env, data_dir=tmp_path) == "https://x.example"


SIGN_IN_AND_SHOW_HEADERS = """
import json
from django.contrib.auth.models import User
from django.test import Client
User.objects.create_user("alice", password="correct horse battery")
client = Client(HTTP_HOST="ringback.example.com")
response = client.post(
    "/api/auth/login/",
    {"username": "alice", "password": "correct horse battery"},
    content_type="application/json",
    secure=True,
)
cookie = response.cookies["sessionid"]
print(json.dumps({
    "status": response.status_code,
    "cookie": {name: cookie[name] for name in ("secure", "httponly", "samesite", "path")},
    "headers": {name: response.headers.get(name) for name in (
        "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
        "X-Frame-Options", "Cross-Origin-Opener-Policy", "Content-Security-Policy",
    )},
}))
"""


def test_production_sign_in_sets_a_secure_http_only_lax_session_cookie(tmp_path):
    assert manage("prepare_data_dir", env=PRODUCTION, data_dir=tmp_path).returncode == 0
    migrated = manage("migrate", "--noinput", env=PRODUCTION, data_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr

    shown = json.loads(printed(SIGN_IN_AND_SHOW_HEADERS, env=PRODUCTION, data_dir=tmp_path))

    assert shown["status"] == 200
    assert shown["cookie"] == {"secure": True, "httponly": True, "samesite": "Lax", "path": "/"}
    headers = shown["headers"]
    assert headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
