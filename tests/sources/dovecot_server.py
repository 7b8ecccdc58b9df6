"""A real Dovecot (Debian's dovecot-imapd) started by the tests as an unprivileged
process with its own configuration and maildir, on a free port of 127.0.0.1. Run as
root (CI), it runs as Debian's `dovecot` user: Dovecot refuses mail access as root."""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.sources.radicale_server import free_port

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "anna", "imap-secret"


def available() -> bool:
    return Path(DOVECOT).exists()


@dataclass
class Dovecot:
    url: str  # imap://127.0.0.1:port
    port: int
    folder: Path
    process: subprocess.Popen

    def append(self, folder: str, headers: str) -> None:
        with imaplib.IMAP4("127.0.0.1", self.port) as client:
            client.login(USER, PASSWORD)
            lines = [line.strip() for line in headers.strip().splitlines()]
            message = "\r\n".join([*lines, "", "Never read by Ringback.", ""]).encode()
            typ, _ = client.append(folder, None, None, message)
            assert typ == "OK"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def _config(folder: Path, port: int, user: pwd.struct_passwd) -> str:
    return f"""
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = {user.pw_name}
default_internal_group = {user.pw_name}
default_login_user = {user.pw_name}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={user.pw_uid} gid={user.pw_gid} home={folder}/home/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def start() -> Dovecot:
    user = pwd.getpwnam("dovecot") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    # Under /tmp, not pytest's tmp_path: the mail user must reach it (tmp_path is 0700).
    folder = Path(tempfile.mkdtemp(prefix="ringback-dovecot-"))
    for name in ("run", "state", "home"):
        (folder / name).mkdir()
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    port = free_port()
    (folder / "dovecot.conf").write_text(_config(folder, port, user))
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, user.pw_uid, user.pw_gid)
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(folder / "dovecot.conf")],
        user=user.pw_uid if os.geteuid() == 0 else None,
        group=user.pw_gid if os.geteuid() == 0 else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                if probe.recv(100).startswith(b"* OK"):
                    return Dovecot(f"imap://127.0.0.1:{port}", port, folder, process)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("Dovecot did not start")
