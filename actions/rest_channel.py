"""The REST channel, guarded (loaded by the Rasa server, not by the action server).

Rasa's own REST channel answers invalid JSON with an English error, and empty messages or
wrong types with nothing at all. This one answers every bad input with a clear French
message, never a server error, and the conversation goes on:
- invalid JSON, or ``sender``/``message`` of the wrong type: 400 with a French message;
- an empty or blank message: a French answer asking for a message;
- control characters are removed; a message longer than MAX_LENGTH characters is cut, and
  the answer says so;
- more than RATE_LIMIT messages a minute from one sender: a polite answer, the message is
  not processed;
- the live-chat gate (actions/live_gate.py): while a counsellor holds the conversation,
  the assistant stays silent (a REST client has no way to receive the counsellor's
  messages later: the web widget and Messenger do).
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.live_gate import Gate

MAX_LENGTH = 2000
MAX_SENDER = 128
RATE_LIMIT = 30  # messages per sender per minute
_CONTROL = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

EMPTY = "Votre message est vide. Écrivez votre question, par exemple « je cherche une formation »."
TOO_LONG = (f"Votre message est très long : je n'en ai lu que les {MAX_LENGTH} premiers "
            "caractères.")
TOO_FAST = ("Vous envoyez beaucoup de messages en peu de temps. Attendez une minute, puis "
            "réessayez. En cas d'urgence, appelez le 112.")


def clean(text: str) -> str:
    return _CONTROL.sub("", text).strip()


class RateLimiter:
    """At most ``limit`` messages per sender over a sliding minute (in this process)."""

    def __init__(self, limit: int = RATE_LIMIT, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, sender: str) -> bool:
        now = self.clock()
        times = self._seen.setdefault(sender, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        if len(self._seen) > 10_000:  # forget idle senders
            self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] < self.window}
        return True


class GuardedRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        self.limiter = RateLimiter()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("guarded_rest_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                payload = json.loads(request.body or b"")
            except ValueError:
                return response.json(
                    {"error": "Le corps de la requête doit être du JSON : "
                              '{"sender": "…", "message": "…"}.'}, status=400)
            if not isinstance(payload, dict):
                return response.json({"error": "Le corps doit être un objet JSON."}, status=400)
            sender, text = payload.get("sender"), payload.get("message")
            if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER:
                return response.json(
                    {"error": f"« sender » doit être un texte de 1 à {MAX_SENDER} caractères."},
                    status=400)
            if text is not None and not isinstance(text, str):
                return response.json({"error": "« message » doit être un texte."}, status=400)
            text = clean(text or "")
            if not text:
                return response.json([{"recipient_id": sender, "text": EMPTY}])
            if not self.limiter.allow(sender):
                return response.json([{"recipient_id": sender, "text": TOO_FAST}])
            notices = []
            if len(text) > MAX_LENGTH:
                text = text[:MAX_LENGTH]
                notices.append({"recipient_id": sender, "text": TOO_LONG})
            verdict = await Gate.get().screen(sender, text)
            for reply in verdict.replies:
                notices.append({"recipient_id": sender, **reply})
            if not verdict.to_bot:
                return response.json(notices)
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(text, collector, sender,
                                             input_channel=self.name()))
            return response.json(notices + collector.messages)

        return hook
