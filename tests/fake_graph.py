"""A local fake of Facebook's Graph API (Send API and Messenger profile), recording every
request; configurable by URL (FACEBOOK_GRAPH_URL) like the real one."""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fake_http import JsonHandler, LocalServer


class FakeGraph(LocalServer):
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        ids = itertools.count(1)
        fake = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                token = parse_qs(url.query).get("access_token", [""])[0]
                with fake._lock:
                    fake.requests.append({"path": url.path, "token": token, "body": body})
                if not token:
                    self.reply(400, {"error": {"message": "no access token", "code": 190}})
                elif url.path.endswith("/me/messages"):
                    self.reply(200, {"recipient_id": body.get("recipient", {}).get("id"),
                                     "message_id": f"m_{next(ids)}"})
                else:
                    self.reply(200, {"result": "success"})

        super().__init__(Handler)

    @property
    def url(self) -> str:
        return f"{self.base_url}/v19.0"

    def messages_to(self, recipient: str) -> list[dict[str, Any]]:
        with self._lock:
            return [r["body"] for r in self.requests
                    if r["path"].endswith("/me/messages")
                    and r["body"].get("recipient", {}).get("id") == recipient]
