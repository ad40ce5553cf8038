"""Messages of the live chat, carried through Redis streams between processes.

- A person's message (read by an assistant server's channel) goes to the conversation's
  stream and to ``inbound``, which every console instance reads and shows at once.
- A counsellor's message, or the assistant's notices during the handoff (place in the
  queue, survey), goes to the conversation's stream and to ``outbox:{channel}``, which the
  assistant servers read and deliver in the window the person is in (web or Messenger).
Each write is one MULTI transaction, and every key keeps an expiry.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from handoff.keys import Keys

CONV_MAXLEN = 1000
STREAM_MAXLEN = 10_000
TRANSPORT_TTL = 7 * 86400  # inbound and outbox streams: a week at most


@dataclass
class ChatMessage:
    id: str
    author: str  # "person", "counsellor" or "assistant"
    text: str
    at: float
    name: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "author": self.author, "text": self.text, "at": self.at,
                "name": self.name, "buttons": self.buttons}


def _decode(raw: dict[bytes, bytes]) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in raw.items()}


def message_from(entry_id: bytes | str, raw: dict[bytes, bytes]) -> ChatMessage:
    """A message from a stream entry (its fields as Redis returns them)."""
    fields = _decode(raw)
    return ChatMessage(
        id=entry_id.decode() if isinstance(entry_id, bytes) else entry_id,
        author=fields.get("author", ""), text=fields.get("text", ""),
        at=float(fields.get("at", "0")), name=fields.get("name", ""),
        buttons=json.loads(fields.get("buttons") or "[]"),
    )


async def follow(redis: Redis, stream: str,
                 handle: Callable[[dict[bytes, bytes]], Awaitable[None]]) -> None:
    """Hands every new entry of a stream to ``handle``, for ever (every reader sees every
    entry); waits and goes on when Redis cannot be reached."""
    last = "$"
    while True:
        try:
            found = await redis.xread({stream: last}, block=2000, count=200)
            for _name, entries in found or []:
                for entry_id, fields in entries:
                    last = entry_id.decode()
                    await handle(fields)
        except asyncio.CancelledError:
            raise
        except (RedisError, OSError):
            await asyncio.sleep(1)


class Chat:
    def __init__(self, redis: Redis, keys: Keys, ttl_seconds: int,
                 clock: Any = time.time) -> None:
        self.redis, self.keys, self.ttl, self._clock = redis, keys, ttl_seconds, clock

    async def from_person(self, conv_id: str, text: str) -> str:
        """Records a person's message and tells the consoles; returns its id."""
        k = self.keys
        fields = {"author": "person", "text": text, "at": self._clock()}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(k.msgs(conv_id), fields, maxlen=CONV_MAXLEN, approximate=True)
            pipe.expire(k.msgs(conv_id), self.ttl)
            pipe.hset(k.conv(conv_id), "last_person_at", fields["at"])
            pipe.xadd(k.inbound, {"kind": "message", "conv": conv_id, **fields},
                      maxlen=STREAM_MAXLEN, approximate=True)
            pipe.expire(k.inbound, TRANSPORT_TTL)
            results = await pipe.execute()
        return str(results[0].decode())

    async def to_person(self, conv_id: str, channel: str, text: str, *, author: str,
                        name: str = "", buttons: list[dict[str, str]] | None = None) -> str:
        """Records a message for the person and asks the assistant servers to deliver it."""
        k = self.keys
        fields = {"author": author, "text": text, "at": self._clock(), "name": name,
                  "buttons": json.dumps(buttons or [], ensure_ascii=False)}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(k.msgs(conv_id), fields, maxlen=CONV_MAXLEN, approximate=True)
            pipe.expire(k.msgs(conv_id), self.ttl)
            results = await pipe.execute()
        msg_id = results[0].decode()
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(k.outbox(channel), {"conv": conv_id, "msg": msg_id, **fields},
                      maxlen=STREAM_MAXLEN, approximate=True)
            pipe.expire(k.outbox(channel), TRANSPORT_TTL)
            pipe.xadd(k.inbound, {"kind": "message", "conv": conv_id, **fields},
                      maxlen=STREAM_MAXLEN, approximate=True)
            pipe.expire(k.inbound, TRANSPORT_TTL)
            await pipe.execute()
        return str(msg_id)

    async def notify(self, kind: str, conv_id: str = "") -> None:
        """A change the consoles should show (queue, state), without content."""
        k = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(k.inbound, {"kind": kind, "conv": conv_id, "at": self._clock()},
                      maxlen=STREAM_MAXLEN, approximate=True)
            pipe.expire(k.inbound, TRANSPORT_TTL)
            await pipe.execute()

    async def history(self, conv_id: str, after: str = "-") -> list[ChatMessage]:
        start = after if after == "-" else f"({after}"
        entries = await self.redis.xrange(self.keys.msgs(conv_id), min=start)
        return [message_from(entry_id, raw) for entry_id, raw in entries]
