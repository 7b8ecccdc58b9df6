"""Importing settings writes nothing; `manage.py prepare_data_dir` makes the data folder."""

import re
import stat
import threading

import pytest

from project.keys import dev_key_create, read_dev_key, vapid_public_key
from tests.project.manage_process import PRODUCTION, manage, printed, run_shell_command

DEVELOPMENT = {"DEBUG": "true"}
SHOW_KEYS = (
    "from django.conf import settings; print(settings.SECRET_KEY, settings.VAPID_PUBLIC_KEY)"
)


@pytest.mark.parametrize("env", [DEVELOPMENT, PRODUCTION], ids=["development", "production"])
def test_it_creates_nothing_when_the_settings_are_imported(env, tmp_path):
    data_dir = tmp_path / "does-not-exist"

    result = manage("check", env=env, data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_it_warns_about_temporary_keys_and_names_the_command_that_fixes_it(tmp_path):
    data_dir = tmp_path / "data"

    warned = manage("check", env=DEVELOPMENT, data_dir=data_dir)
    hints = set(re.findall(r"HINT: Run `([^`]+)`", warned.stderr))
    fixed = [run_shell_command(hint, env=DEVELOPMENT, data_dir=data_dir) for hint in hints]
    checked = manage("check", "--fail-level", "WARNING", env=DEVELOPMENT, data_dir=data_dir)

    assert "(ringback.W001) SECRET_KEY is a temporary key" in warned.stderr
    assert "(ringback.W001) VAPID_PRIVATE_KEY is a temporary key" in warned.stderr
    assert "(ringback.W002)" in warned.stderr
    assert hints == {"python3 manage.py prepare_data_dir"}
    assert [process.returncode for process in fixed] == [0]
    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout


def test_prepare_data_dir_makes_keys_that_every_process_then_reads(tmp_path):
    prepared = manage("prepare_data_dir", env=DEVELOPMENT, data_dir=tmp_path)

    first = printed(SHOW_KEYS, env=DEVELOPMENT, data_dir=tmp_path)
    second = printed(SHOW_KEYS, env=DEVELOPMENT, data_dir=tmp_path)

    assert prepared.returncode == 0, prepared.stderr
    assert first == second
    secret_key, public_key = first.split()
    assert secret_key == (tmp_path / "secret_key").read_text()
    assert public_key == vapid_public_key((tmp_path / "vapid_private.pem").read_bytes())
    for key_file in ("secret_key", "vapid_private.pem"):
        assert stat.S_IMODE((tmp_path / key_file).stat().st_mode) == 0o600
    for folder in ("staticfiles", "broker/queue", "broker/processed", "broker/control"):
        assert (tmp_path / folder).is_dir()


def test_prepare_data_dir_never_replaces_a_key(tmp_path):
    (tmp_path / "secret_key").write_text("the one I have")

    manage("prepare_data_dir", env=DEVELOPMENT, data_dir=tmp_path)
    vapid = (tmp_path / "vapid_private.pem").read_bytes()
    again = manage("prepare_data_dir", env=DEVELOPMENT, data_dir=tmp_path)

    assert again.returncode == 0, again.stderr
    assert "nothing to create" in again.stdout
    assert (tmp_path / "secret_key").read_text() == "the one I have"
    assert (tmp_path / "vapid_private.pem").read_bytes() == vapid


def test_a_key_is_written_once_when_processes_race(tmp_path):
    start = threading.Barrier(8)
    wrote = []

    def prepare() -> None:
        start.wait()
        wrote.append(dev_key_create(tmp_path, "SECRET_KEY"))

    threads = [threading.Thread(target=prepare) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(wrote) == [False] * 7 + [True]
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]  # no temporary files
    assert len(read_dev_key(tmp_path, "SECRET_KEY")) == 67
