"""End to end through the socket.io channel (the web widget's), with the real servers."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import socketio

from tests.socket_person import SocketPerson

pytestmark = pytest.mark.e2e


async def test_conversation_over_socketio(stack):
    client = socketio.AsyncClient(reconnection=False)
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    session_id = uuid.uuid4().hex

    @client.on("bot_uttered")
    async def on_bot(message: dict[str, Any]) -> None:
        await received.put(message)

    @client.on("session_confirm")
    async def on_confirm(_data: Any) -> None:
        await received.put({"session_confirm": True})

    await client.connect(stack.rasa_url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(received.get(), 10) == {"session_confirm": True}
        await client.emit("user_uttered", {"message": "bonjour", "session_id": session_id})
        first = await asyncio.wait_for(received.get(), 20)
        second = await asyncio.wait_for(received.get(), 20)
        assert first["text"].startswith("Bonjour ! Je suis l'assistant de Seconde Chance.")
        assert second["text"] == "Vous m'écrivez pour vous-même ou pour votre enfant ?"
        assert [b["title"] for b in second["quick_replies"]] == ["Pour moi", "Pour mon enfant"]
    finally:
        await client.disconnect()


async def test_a_message_before_the_session_request_gets_every_answer(stack):
    # a widget sends what was typed as soon as it connects, which may overtake its
    # session request: the greeting must not be lost
    person = SocketPerson()
    await person.open(stack.rasa_url)
    try:
        await person.say("bonjour")
        await person.wait_for("Vous m'écrivez pour vous-même ou pour votre enfant ?")
        texts = [m.get("text") or "" for m in person.received]
        assert texts[0].startswith("Bonjour ! Je suis l'assistant de Seconde Chance.")
        assert texts[1] == "Vous m'écrivez pour vous-même ou pour votre enfant ?"
    finally:
        await person.client.disconnect()
