"""The socket.io channel of the web widget (Rasa-server side), in place of Rasa's own.

Same events as Rasa's (``session_request``/``session_confirm``, ``user_uttered``,
``bot_uttered``), with what a public service needs besides:
- every message goes through the live-chat gate (:mod:`actions.live_gate`): while a
  counsellor holds the conversation, the assistant stays silent and the counsellor's
  messages arrive here, with ``metadata.counsellor`` (their first name) and
  ``metadata.msg_id``;
- a reconnecting widget gives the id of the last message it received and gets what it
  missed (a restart of any server loses nothing);
- bad input gets a French answer: not an object, a missing or odd session id, a message
  that is not text, empty, too long, or too many messages a minute.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from actions.live_gate import Gate
from actions.rest_channel import EMPTY, MAX_LENGTH, TOO_FAST, TOO_LONG, RateLimiter, clean
from handoff.chat import ChatMessage

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
BAD_SESSION = ("Votre session n'est pas valide. Rechargez la page pour commencer une "
               "nouvelle conversation.")
NOT_TEXT = "Je ne peux lire que du texte. Écrivez votre question, s'il vous plaît."


def as_bot_message(message: ChatMessage) -> dict[str, Any]:
    out: dict[str, Any] = {"text": message.text, "metadata": {"msg_id": message.id}}
    if message.author == "counsellor":
        out["metadata"]["counsellor"] = message.name or "Conseiller"
    if message.buttons:
        out["quick_replies"] = [{"content_type": "text", **b} for b in message.buttons]
    return out


class GuardedSocketIOInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(str(credentials.get("socketio_path") or "/socket.io"))

    def __init__(self, socketio_path: str = "/socket.io") -> None:
        self.socketio_path = socketio_path
        self.sio: AsyncServer | None = None
        self.limiter = RateLimiter()

    def get_output_channel(self) -> OutputChannel | None:
        return SocketIOOutput(self.sio, "bot_uttered") if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        self.sio = sio
        hook = SocketBlueprint(sio, self.socketio_path, "guarded_socketio_webhook", __name__)

        async def say(room: str, reply: dict[str, Any]) -> None:
            await sio.emit("bot_uttered", reply, room=room)

        async def deliver(conv_id: str, message: ChatMessage) -> None:
            if conv_id:
                await say(conv_id, as_bot_message(message))

        @hook.listener("after_server_start")
        async def start_delivery(_app: Any, _loop: Any) -> None:
            Gate.get().start_fanout(self.name(), deliver)

        @hook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        async def join(sid: str, session_id: str) -> None:
            joined = sio.enter_room(sid, session_id)
            if inspect.isawaitable(joined):  # a coroutine from python-socketio 5.10 on
                await joined

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
                await sio.emit("bot_uttered", {"text": BAD_SESSION}, room=sid)
                return
            await join(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)
            last = data.get("last_msg")
            if isinstance(last, str) and STREAM_ID.match(last):
                for message in await Gate.get().replay(session_id, last):
                    await sio.emit("bot_uttered", as_bot_message(message), room=sid)

        @sio.on("user_uttered")
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                await sio.emit("bot_uttered", {"text": NOT_TEXT}, room=sid)
                return
            session_id, text = data.get("session_id"), data.get("message")
            if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
                await sio.emit("bot_uttered", {"text": BAD_SESSION}, room=sid)
                return
            # a message may overtake the session request (a widget sends what was typed as
            # soon as it connects): the answers go to the session's room, so join it first
            await join(sid, session_id)
            if not isinstance(text, str):
                await say(session_id, {"text": NOT_TEXT})
                return
            text = clean(text)
            if not text:
                await say(session_id, {"text": EMPTY})
                return
            if not self.limiter.allow(session_id):
                await say(session_id, {"text": TOO_FAST})
                return
            if len(text) > MAX_LENGTH:
                text = text[:MAX_LENGTH]
                await say(session_id, {"text": TOO_LONG})
            verdict = await Gate.get().screen(session_id, text)
            for reply in verdict.replies:
                out: dict[str, Any] = {"text": reply.get("text", "")}
                if reply.get("buttons"):
                    out["quick_replies"] = [{"content_type": "text", **b}
                                            for b in reply["buttons"]]
                if reply.get("custom"):
                    out["metadata"] = reply["custom"]
                await say(session_id, out)
            if verdict.to_bot:
                output = SocketIOOutput(sio, "bot_uttered")
                await on_new_message(UserMessage(text, output, session_id,
                                                 input_channel=self.name()))

        return hook
