"""A real Radicale (the pip package) on a free port of 127.0.0.1, with one user, and
helpers that fill its address books over its own HTTP interface, as a phone would."""

import base64
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "anna", "radicale-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Radicale:
    url: str  # http://127.0.0.1:port
    process: subprocess.Popen

    def request(
        self, method: str, path: str, body: bytes = b"", timeout: float = 30, **headers: str
    ) -> int:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            self.url + path,
            data=body or None,
            method=method,
            headers={"Authorization": f"Basic {token}", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def make_addressbook(self, name: str = "contacts", title: str = "") -> str:
        shown = f"<d:displayname>{title}</d:displayname>" if title else ""
        body = (
            '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop><d:resourcetype>'
            f"<d:collection/><c:addressbook/></d:resourcetype>{shown}</d:prop></d:set></d:mkcol>"
        ).encode()
        status = self.request("MKCOL", f"/{USER}/{name}/", body)
        assert status == 201, status
        return f"{self.url}/{USER}/{name}/"

    def put_card(self, uid: str, text: str, book: str = "contacts") -> None:
        status = self.request(
            "PUT", f"/{USER}/{book}/{uid}.vcf", text.encode(), **{"Content-Type": "text/vcard"}
        )
        assert status in (201, 204), status

    def delete_card(self, uid: str, book: str = "contacts") -> None:
        assert self.request("DELETE", f"/{USER}/{book}/{uid}.vcf") in (200, 204)


def vcard(uid: str, name: str, *lines: str) -> str:
    body = "\r\n".join(lines)
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\n"
        + (body + "\r\n" if body else "")
        + "END:VCARD\r\n"
    )


def start(folder: Path) -> Radicale:
    port = free_port()
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\ntimeout = 900\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n"
        "htpasswd_encryption = plain\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[rights]\ntype = owner_only\n[logging]\nlevel = warning\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return Radicale(f"http://127.0.0.1:{port}", process)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("Radicale did not start")
