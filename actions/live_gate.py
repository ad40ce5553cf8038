"""The gate every channel of the Rasa server passes a person's message through
(Rasa-server side; the logic itself is in :mod:`handoff.relay` and :mod:`handoff.privacy`).

- "supprimer ma conversation": asks for confirmation, then erases everything.
- While a counsellor holds the conversation (or it waits for one): the message goes to the
  counsellor and the assistant stays silent.
- Otherwise, or when Redis cannot be reached: Rasa answers as usual.
It also runs the delivery loops: counsellor messages and handoff notices read from Redis
and sent to the person in the window they are in.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from actions.settings import get_settings
from handoff.chat import ChatMessage, follow, message_from
from handoff.keys import Keys
from handoff.privacy import ERASE_CANCEL, ERASE_CONFIRM, asks_erasure, erase
from handoff.relay import Relay, Verdict

logger = logging.getLogger(__name__)

Reply = dict[str, Any]
ERASE_TTL = 600


class Gate:
    """One per process, created on first use (nothing connects at import time)."""

    _instance: Gate | None = None

    def __init__(self) -> None:
        settings = get_settings()
        self.redis = Redis.from_url(settings.redis_address, socket_connect_timeout=2,
                                    socket_timeout=5)
        self.keys = Keys(settings.handoff_prefix)
        self.relay = Relay(self.redis, self.keys, settings.conversation_ttl_seconds)
        self.long_wait = settings.long_wait_minutes * 60
        self.grace = settings.grace_seconds
        self.tasks: list[asyncio.Task[None]] = []
        self.sweeping = False

    @classmethod
    def get(cls) -> Gate:
        if cls._instance is None:
            cls._instance = Gate()
        return cls._instance

    async def screen(self, conv_id: str, text: str) -> Verdict:
        """What to do with a message; never raises (Redis down: the assistant answers)."""
        try:
            erasure = await self._erasure(conv_id, text)
            if erasure is not None:
                return erasure
            return await self.relay.person_message(conv_id, text)
        except (RedisError, OSError) as exc:
            logger.warning("live chat unavailable (%s): the assistant answers", type(exc).__name__)
            if asks_erasure(text) or text.strip() == ERASE_CONFIRM:
                return Verdict(False, [{
                    "text": "Je ne peux pas effacer votre conversation pour le moment (panne "
                            "technique). Réessayez dans quelques minutes : elle sera de toute "
                            "façon effacée automatiquement au bout de 30 jours au plus."}])
            return Verdict(True)

    async def _erasure(self, conv_id: str, text: str) -> Verdict | None:
        flag = f"{self.keys.prefix}:erase:{conv_id}"
        stripped = text.strip()
        if stripped == ERASE_CONFIRM and await self.redis.get(flag):
            await erase(self.redis, self.keys, conv_id)
            logger.info("conversation erased on request")
            return Verdict(False, [{
                "text": "C'est fait : votre conversation et tout ce qui s'y rapporte ont été "
                        "effacés. Vous pouvez recommencer quand vous voulez.",
                "custom": {"erased": True}}])
        if stripped in (ERASE_CONFIRM, ERASE_CANCEL):
            await self.redis.delete(flag)
            return Verdict(False, [{"text": "D'accord, rien n'a été effacé. On continue ?"}])
        if asks_erasure(text):
            await self.redis.set(flag, "1", ex=ERASE_TTL)
            return Verdict(False, [{
                "text": "Voulez-vous vraiment effacer cette conversation ? Tout ce que vous "
                        "avez écrit ici sera supprimé, y compris ce que voit un conseiller.",
                "buttons": [{"title": "Oui, tout effacer", "payload": ERASE_CONFIRM},
                            {"title": "Non, garder", "payload": ERASE_CANCEL}]}])
        return None

    # --- delivery: from Redis to the person ----------------------------------------------

    def start_fanout(self, channel: str,
                     deliver: Callable[[str, ChatMessage], Awaitable[None]]) -> None:
        """Every server reads every message of the channel's outbox and delivers those of
        the people connected to it (socket.io rooms). The first call also starts the
        deadline sweeper of this process."""

        async def handle(fields: dict[bytes, bytes]) -> None:
            await _deliver(deliver, fields)

        self.tasks.append(asyncio.create_task(
            follow(self.redis, self.keys.outbox(channel), handle)))
        if not self.sweeping:
            self.sweeping = True
            self.tasks.append(asyncio.create_task(self.relay.sweep_forever(
                long_wait_seconds=self.long_wait, grace_seconds=self.grace)))

    def start_group(self, channel: str,
                    deliver: Callable[[str, ChatMessage], Awaitable[None]]) -> None:
        """Exactly one server delivers each message (Messenger: one call to the Send API)."""
        self.tasks.append(asyncio.create_task(self._group(channel, deliver)))

    async def _group(self, channel: str,
                     deliver: Callable[[str, ChatMessage], Awaitable[None]]) -> None:
        stream, group = self.keys.outbox(channel), "delivery"
        consumer = f"{os.uname().nodename}-{os.getpid()}"
        pending = True
        while True:
            try:
                try:
                    await self.redis.xgroup_create(stream, group, id="0", mkstream=True)
                    await self.redis.expire(stream, 7 * 86400)
                except ResponseError:
                    pass  # the group exists
                found = await self.redis.xreadgroup(group, consumer, {stream: "0" if pending
                                                                      else ">"},
                                                    block=2000, count=50)
                entries = [e for _n, batch in found or [] for e in batch]
                if pending and not entries:
                    pending = False
                for entry_id, fields in entries:
                    if fields:
                        await _deliver(deliver, fields)
                    await self.redis.xack(stream, group, entry_id)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError):
                await asyncio.sleep(1)

    async def last_person_at(self, conv_id: str) -> float | None:
        raw = await self.redis.hget(self.keys.conv(conv_id), "last_person_at")
        return float(raw) if raw else None

    async def replay(self, conv_id: str, after: str) -> list[ChatMessage]:
        """Messages for the person written after ``after`` (a reconnecting widget)."""
        try:
            return [m for m in await self.relay.chat.history(conv_id, after=after)
                    if m.author != "person"]
        except (RedisError, OSError):
            return []


async def _deliver(deliver: Callable[[str, ChatMessage], Awaitable[None]],
                   fields: dict[bytes, bytes]) -> None:
    """An outbox entry (the conversation, the message's id in its stream, the message) to
    the channel's delivery function."""
    message = message_from(fields.get(b"msg", b""), fields)
    try:
        await deliver(fields.get(b"conv", b"").decode(), message)
    except Exception:  # one failed delivery must not stop the loop
        logger.exception("delivery failed")
