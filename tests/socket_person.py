"""A person on the web widget's channel (socket.io), as the end-to-end tests drive it."""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Any

import socketio


class SocketPerson:
    def __init__(self) -> None:
        self.session = secrets.token_hex(16)
        self.received: list[dict[str, Any]] = []
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("bot_uttered", self.received.append)

    async def open(self, url: str) -> None:
        """Connects without asking for a session yet."""
        await self.client.connect(url, transports=["websocket"])

    async def connect(self, url: str, last: str | None = None) -> None:
        """Connects and asks for this person's session (``last``: the id of the last
        live-chat message received, for the replay of what was missed)."""
        await self.open(url)
        await self.client.emit("session_request", {"session_id": self.session,
                                                   "last_msg": last or "0-0"})

    async def say(self, text: str) -> None:
        await self.client.emit("user_uttered", {"session_id": self.session, "message": text})

    async def answers_to(self, payload: Any, event: str = "user_uttered",
                         timeout: float = 20) -> list[dict[str, Any]]:
        """Sends any payload and returns what came back (the first answer, then whatever
        follows within 0.3 s)."""
        before = len(self.received)
        await self.client.emit(event, payload)
        deadline = time.monotonic() + timeout
        while len(self.received) == before and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        return self.received[before:]

    async def wait_for(self, words: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.received:
                if words in (message.get("text") or ""):
                    return message
            await asyncio.sleep(0.05)
        raise AssertionError(f"jamais reçu : {words!r} ; reçu : {self.received}")
