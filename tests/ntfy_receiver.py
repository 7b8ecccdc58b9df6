"""An ntfy server on 127.0.0.1 for the tests and the benchmark: it takes what Apprise's
ntfy:// plugin posts and records each post (its JSON and when it arrived)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class NtfyReceiver:
    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.status = 200  # what it answers: 500 plays a failing server
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self._server.server_address[1]

    def url(self, topic: str = "ringback-alice") -> str:
        return f"ntfy://127.0.0.1:{self.port}/{topic}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    document = json.loads(body)
                except ValueError:
                    document = {"raw": body.decode(errors="replace")}
                receiver.posts.append({"path": self.path, "at": time.monotonic(), **document})
                answer = b'{"id":"x1"}' if receiver.status == 200 else b'{"error":"nope"}'
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def __enter__(self) -> "NtfyReceiver":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
