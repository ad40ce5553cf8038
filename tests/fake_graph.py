"""A local fake of Facebook's Graph API (Send API and Messenger profile), recording every
request; configurable by URL (FACEBOOK_GRAPH_URL) like the real one."""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class FakeGraph:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                token = parse_qs(url.query).get("access_token", [""])[0]
                with fake._lock:
                    fake.requests.append({"path": url.path, "token": token, "body": body})
                answer: dict[str, Any]
                if not token:
                    answer, status = {"error": {"message": "no access token", "code": 190}}, 400
                elif url.path.endswith("/me/messages"):
                    answer = {"recipient_id": body.get("recipient", {}).get("id"),
                              "message_id": f"m_{next(ids)}"}
                    status = 200
                else:
                    answer, status = {"result": "success"}, 200
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v19.0"

    def messages_to(self, recipient: str) -> list[dict[str, Any]]:
        with self._lock:
            return [r["body"] for r in self.requests
                    if r["path"].endswith("/me/messages")
                    and r["body"].get("recipient", {}).get("id") == recipient]

    def start(self) -> FakeGraph:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
