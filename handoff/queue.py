"""The counsellor queue in Redis (redis.asyncio). Every change is one Lua script, so it is
atomic: two counsellors never get the same conversation, and a crash never leaves a
conversation half-moved. Nothing lives in process memory: several assistant servers and
consoles can share one Redis, and a restart loses no place in the queue.

States (one event per change, with its time): ``bot`` → ``waiting`` → ``with_counsellor``
→ ``closed``; ``waiting`` → ``bot`` (the person cancels); ``with_counsellor`` → ``bot``
(handed back) or → ``waiting`` (the counsellor disappeared: back in the queue, same place).

Scripts touch the keys of the conversation they are given; they assume one Redis server
(not a cluster).
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from handoff.keys import Keys

URGENT, NORMAL = 0, 1
_SCORE_SCALE = 10**13  # priority first, then milliseconds since the epoch

# A conversation joins the queue (from bot, closed or a lost counsellor).
_ENQUEUE = """
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'waiting' or state == 'with_counsellor' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'waiting', 'waiting_since', ARGV[2],
           'priority', ARGV[3], 'territoire', ARGV[4], 'card', ARGV[6], 'channel', ARGV[7])
redis.call('HDEL', KEYS[1], 'counsellor', 'claimed_at', 'long_wait_offered', 'notified_place')
redis.call('HINCRBY', KEYS[4], 'territoire:' .. ARGV[4], 1)
redis.call('HINCRBY', KEYS[4], 'handoffs', 1)
redis.call('EXPIRE', KEYS[4], ARGV[8])
redis.call('ZADD', KEYS[3], tonumber(ARGV[3]) * 1e13 + tonumber(ARGV[2]), ARGV[1])
redis.call('RPUSH', KEYS[2], cjson.encode({state='waiting', at=tonumber(ARGV[2]),
           priority=tonumber(ARGV[3])}))
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[5]) end
return 1
"""

# A counsellor takes a conversation: a given one, or the first waiting one (of a territory).
_CLAIM = """
local ttl = ARGV[4]
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return {0, 'capacity'} end
local id = ARGV[6]
if id == '' then
  local ids
  if ARGV[7] == '' then ids = redis.call('ZRANGE', KEYS[1], 0, 0)
  else ids = redis.call('ZRANGE', KEYS[1], 0, -1) end
  for _, candidate in ipairs(ids) do
    if ARGV[7] == '' or redis.call('HGET', ARGV[5] .. ':conv:' .. candidate,
                                   'territoire') == ARGV[7] then
      id = candidate
      break
    end
  end
  if id == '' then return {0, 'empty'} end
end
if redis.call('ZREM', KEYS[1], id) == 0 then return {0, 'taken'} end
local conv = ARGV[5] .. ':conv:' .. id
local since = tonumber(redis.call('HGET', conv, 'waiting_since') or ARGV[2])
redis.call('HSET', conv, 'state', 'with_counsellor', 'counsellor', ARGV[1],
           'claimed_at', ARGV[2])
redis.call('SADD', KEYS[2], id)
redis.call('RPUSH', conv .. ':events', cjson.encode({state='with_counsellor',
           at=tonumber(ARGV[2]), by=ARGV[1]}))
redis.call('LPUSH', KEYS[3], (tonumber(ARGV[2]) - since) / 1000)
redis.call('LTRIM', KEYS[3], 0, 99)
redis.call('RPUSH', KEYS[4], (tonumber(ARGV[2]) - since) / 1000)
for _, key in ipairs({conv, conv .. ':events', KEYS[2], KEYS[3]}) do
  redis.call('EXPIRE', key, ttl)
end
redis.call('EXPIRE', KEYS[4], ARGV[8])
return {1, id}
"""

# The counsellor ends the conversation (closed) or hands it back to the assistant (bot).
_RELEASE = """
if redis.call('HGET', KEYS[1], 'state') ~= 'with_counsellor' then return 0 end
if redis.call('HGET', KEYS[1], 'counsellor') ~= ARGV[1] then return -1 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'released_at', ARGV[3], 'outcome', ARGV[4])
redis.call('HDEL', KEYS[1], 'counsellor')
redis.call('SREM', KEYS[3], ARGV[5])
redis.call('RPUSH', KEYS[2], cjson.encode({state=ARGV[2], at=tonumber(ARGV[3]), by=ARGV[1],
           outcome=ARGV[4]}))
redis.call('HINCRBY', KEYS[4], 'outcome:' .. ARGV[4], 1)
redis.call('EXPIRE', KEYS[4], ARGV[6])
return 1
"""

# The person stops waiting.
_CANCEL = """
if redis.call('HGET', KEYS[1], 'state') ~= 'waiting' then return 0 end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'bot')
redis.call('RPUSH', KEYS[2], cjson.encode({state='bot', at=tonumber(ARGV[2]),
           detail='cancelled'}))
return 1
"""

# A counsellor disappeared: their conversations go back to the queue, at their old place.
_REQUEUE = """
local ids = redis.call('SMEMBERS', KEYS[1])
local moved = 0
for _, id in ipairs(ids) do
  local conv = ARGV[1] .. ':conv:' .. id
  if redis.call('HGET', conv, 'state') == 'with_counsellor'
     and redis.call('HGET', conv, 'counsellor') == ARGV[3] then
    local since = tonumber(redis.call('HGET', conv, 'waiting_since') or ARGV[2])
    local priority = tonumber(redis.call('HGET', conv, 'priority') or 1)
    redis.call('HSET', conv, 'state', 'waiting')
    redis.call('HDEL', conv, 'counsellor', 'claimed_at')
    redis.call('ZADD', KEYS[2], priority * 1e13 + since, id)
    redis.call('RPUSH', conv .. ':events', cjson.encode({state='waiting',
               at=tonumber(ARGV[2]), detail='counsellor_lost'}))
    moved = moved + 1
  end
end
redis.call('DEL', KEYS[1])
return moved
"""

# A waiting conversation becomes urgent (distress written while waiting): it moves up.
_URGENT = """
if redis.call('HGET', KEYS[1], 'state') ~= 'waiting' then return 0 end
if redis.call('HGET', KEYS[1], 'priority') == '0' then return 0 end
local since = tonumber(redis.call('HGET', KEYS[1], 'waiting_since'))
redis.call('HSET', KEYS[1], 'priority', 0)
redis.call('ZADD', KEYS[3], since, ARGV[1])
redis.call('RPUSH', KEYS[2], cjson.encode({state='waiting', at=tonumber(ARGV[2]),
           priority=0, detail='urgent'}))
return 1
"""

# Only the counsellor holding a conversation may change its note.
_NOTE = """
if redis.call('HGET', KEYS[1], 'counsellor') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'note', ARGV[2])
return 1
"""


def day_of(epoch_seconds: float) -> str:
    """The day a figure counts for, in metropolitan France's calendar."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    return dt.datetime.fromtimestamp(epoch_seconds, ZoneInfo("Europe/Paris")).date().isoformat()


STATS_TTL = 400 * 86400  # the day's figures (no personal data) are kept about a year


@dataclass(frozen=True)
class Claim:
    ok: bool
    conv_id: str | None = None
    reason: str | None = None


class HandoffQueue:
    """The queue and the conversations' states, shared through Redis."""

    def __init__(self, redis: Redis, keys: Keys | None = None, ttl_seconds: int = 30 * 86400,
                 clock: Any = time.time) -> None:
        self.redis = redis
        self.keys = keys or Keys()
        self.ttl = ttl_seconds
        self._clock = clock
        self._enqueue = redis.register_script(_ENQUEUE)
        self._claim = redis.register_script(_CLAIM)
        self._release = redis.register_script(_RELEASE)
        self._cancel = redis.register_script(_CANCEL)
        self._requeue = redis.register_script(_REQUEUE)
        self._urgent = redis.register_script(_URGENT)
        self._note = redis.register_script(_NOTE)

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def _stats_key(self) -> str:
        return self.keys.stats(day_of(self._clock()))

    async def enqueue(self, conv_id: str, *, territoire: str, card: dict[str, Any],
                      urgent: bool = False, channel: str = "socketio") -> bool:
        """Joins the queue; False when already waiting or with a counsellor."""
        k = self.keys
        done = await self._enqueue(
            keys=[k.conv(conv_id), k.events(conv_id), k.queue, self._stats_key()],
            args=[conv_id, self._now_ms(), URGENT if urgent else NORMAL, territoire,
                  self.ttl, json.dumps(card, ensure_ascii=False), channel, STATS_TTL],
        )
        return bool(done)

    async def make_urgent(self, conv_id: str) -> bool:
        k = self.keys
        return bool(await self._urgent(keys=[k.conv(conv_id), k.events(conv_id), k.queue],
                                       args=[conv_id, self._now_ms()]))

    async def set_note(self, conv_id: str, counsellor_id: str, note: str) -> bool:
        return bool(await self._note(keys=[self.keys.conv(conv_id)],
                                     args=[counsellor_id, note]))

    async def claim(self, counsellor_id: str, *, conv_id: str | None = None,
                    territoire: str | None = None, capacity: int = 3) -> Claim:
        """Atomically takes a conversation (the first waiting one when none is given)."""
        k = self.keys
        ok, value = await self._claim(
            keys=[k.queue, k.counsellor_convs(counsellor_id), k.waits,
                  k.stats_waits(day_of(self._clock()))],
            args=[counsellor_id, self._now_ms(), capacity, self.ttl, k.prefix, conv_id or "",
                  territoire or "", STATS_TTL],
        )
        text = value.decode() if isinstance(value, bytes) else str(value)
        return Claim(True, conv_id=text) if ok else Claim(False, reason=text)

    async def _release_as(self, conv_id: str, counsellor_id: str, state: str,
                          outcome: str) -> int:
        k = self.keys
        return int(await self._release(
            keys=[k.conv(conv_id), k.events(conv_id), k.counsellor_convs(counsellor_id),
                  self._stats_key()],
            args=[counsellor_id, state, self._now_ms(), outcome, conv_id, STATS_TTL],
        ))

    async def close(self, conv_id: str, counsellor_id: str, outcome: str) -> int:
        """1 closed; 0 not with a counsellor; -1 held by another counsellor."""
        return await self._release_as(conv_id, counsellor_id, "closed", outcome)

    async def hand_back(self, conv_id: str, counsellor_id: str) -> int:
        return await self._release_as(conv_id, counsellor_id, "bot", "handed_back")

    async def cancel(self, conv_id: str) -> bool:
        k = self.keys
        return bool(await self._cancel(keys=[k.conv(conv_id), k.events(conv_id), k.queue],
                                       args=[conv_id, self._now_ms()]))

    async def requeue_counsellor(self, counsellor_id: str) -> int:
        """Puts a vanished counsellor's conversations back in the queue."""
        k = self.keys
        return int(await self._requeue(
            keys=[k.counsellor_convs(counsellor_id), k.queue],
            args=[k.prefix, self._now_ms(), counsellor_id],
        ))

    async def state(self, conv_id: str) -> dict[str, str]:
        raw = await self.redis.hgetall(self.keys.conv(conv_id))
        return {key.decode(): value.decode() for key, value in raw.items()}

    async def events(self, conv_id: str) -> list[dict[str, Any]]:
        raw = await self.redis.lrange(self.keys.events(conv_id), 0, -1)
        return [json.loads(item) for item in raw]

    async def waiting(self) -> list[str]:
        """Waiting conversations, urgent first, then by waiting time."""
        return [item.decode() for item in await self.redis.zrange(self.keys.queue, 0, -1)]

    async def position(self, conv_id: str) -> int | None:
        """1 for the next one served; None when not waiting."""
        rank = await self.redis.zrank(self.keys.queue, conv_id)
        return None if rank is None else int(rank) + 1

    async def estimated_wait(self, conv_id: str) -> float | None:
        """Seconds: the median of recent waits times the place in the queue, or None."""
        place = await self.position(conv_id)
        recent = [float(x) for x in await self.redis.lrange(self.keys.waits, 0, 49)]
        if place is None or not recent:
            return None
        return statistics.median(recent) * place

    async def held_by(self, counsellor_id: str) -> set[str]:
        members = await self.redis.smembers(self.keys.counsellor_convs(counsellor_id))
        return {m.decode() for m in members}
