"""The person's side of the live chat, without Rasa: what happens to a message written
while the conversation waits for, or is held by, a counsellor, and the notices the
assistant gives during the handoff (place in the queue, long waits, the survey).

The assistant servers' channels ask :meth:`Relay.person_message` before handing a message
to Rasa. While the conversation waits or is held, the message goes to the counsellor and
the assistant stays silent (or answers only about the queue). When Redis cannot be reached
the channel lets the assistant answer as usual (the caller catches ``RedisError``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from actions.hours import PHONE
from actions.safety import detect, distress_message
from actions.textnorm import normalize_words
from handoff.chat import Chat
from handoff.keys import Keys
from handoff.queue import STATS_TTL, HandoffQueue, day_of

HELD = ("waiting", "with_counsellor")
CANCEL_PAYLOAD = "/handoff_cancel"
_CANCEL_WORDS = {"annuler", "annule", "j annule", "quitter la file", "quitter", "stop",
                 "je veux plus attendre", "laisse tomber", "anuler"}
SURVEY_PREFIX = "/enquete_"
SURVEY_CHOICES = {"oui": "Oui, ça m'a aidé", "un_peu": "Un peu", "non": "Non"}
CANCEL_BUTTON = {"title": "Quitter la file", "payload": CANCEL_PAYLOAD}
ALTERNATIVES = [
    {"title": "Laisser un message", "payload": "/leave_message"},
    {"title": "Trouver un lieu près de chez moi", "payload": "/find_structure"},
    CANCEL_BUTTON,
]


def wait_phrase(seconds: float | None) -> str:
    if seconds is None:
        return "Je ne peux pas encore estimer l'attente."
    minutes = round(seconds / 60)
    if minutes <= 1:
        return "L'attente estimée est de moins de 2 minutes."
    return f"L'attente estimée est d'environ {minutes} minutes."


def place_sentence(place: int, seconds: float | None) -> str:
    where = ("Vous êtes la prochaine personne à être prise en charge." if place == 1
             else f"Vous êtes en position {place} dans la file d'attente.")
    return f"{where} {wait_phrase(seconds)}"


@dataclass
class Verdict:
    """What the channel does with a person's message."""

    to_bot: bool
    replies: list[dict[str, Any]] = field(default_factory=list)


PASS = Verdict(to_bot=True)


class Relay:
    def __init__(self, redis: Redis, keys: Keys, ttl_seconds: int,
                 clock: Any = time.time) -> None:
        self.redis, self.keys, self._clock = redis, keys, clock
        self.queue = HandoffQueue(redis, keys, ttl_seconds=ttl_seconds, clock=clock)
        self.chat = Chat(redis, keys, ttl_seconds, clock=clock)

    async def person_message(self, conv_id: str, text: str) -> Verdict:
        raw = await self.redis.hmget(self.keys.conv(conv_id), ["state", "survey"])
        state = raw[0].decode() if raw[0] else None
        if text.startswith(SURVEY_PREFIX):
            return await self._survey(conv_id, text, pending=raw[1] == b"1")
        if state not in HELD:
            return PASS
        if state == "waiting" and (text.strip() == CANCEL_PAYLOAD
                                   or normalize_words(text) in _CANCEL_WORDS):
            await self.queue.cancel(conv_id)
            await self.chat.notify("queue", conv_id)
            await self.announce_places()
            return Verdict(False, [{"text": "C'est noté, vous avez quitté la file d'attente. "
                                            "Je reste là pour vos autres questions.",
                                    "buttons": [{"title": "Trouver un lieu",
                                                 "payload": "/find_structure"}]}])
        await self.chat.from_person(conv_id, text)
        detection = detect(text)
        if detection is not None:
            await self.redis.hset(self.keys.conv(conv_id), "distress", "1")
            await self.queue.make_urgent(conv_id)
            await self.chat.notify("queue", conv_id)
        if state == "with_counsellor":
            return Verdict(False)  # the counsellor answers; the assistant stays silent
        replies: list[dict[str, Any]] = []
        if detection is not None:
            replies.append({"text": distress_message(detection)})
        place = await self.queue.position(conv_id)
        if place is not None:
            wait = await self.queue.estimated_wait(conv_id)
            replies.append({"text": "Votre message sera lu par le ou la conseillère. "
                                    + place_sentence(place, wait),
                            "buttons": [CANCEL_BUTTON]})
        return Verdict(False, replies)

    async def _survey(self, conv_id: str, text: str, pending: bool) -> Verdict:
        choice = text[len(SURVEY_PREFIX):].strip()
        if pending and choice in SURVEY_CHOICES:
            key = self.keys.stats(day_of(self._clock()))
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hdel(self.keys.conv(conv_id), "survey")
                pipe.hincrby(key, f"survey:{choice}", 1)
                pipe.expire(key, STATS_TTL)
                await pipe.execute()
        return Verdict(False, [{"text": "Merci pour votre réponse ! Je reste là si vous avez "
                                        "d'autres questions."}])

    # --- notices sent by whichever process changes the queue -----------------------------

    async def announce_places(self) -> int:
        """Tells each waiting person their new place when it changed; returns how many."""
        told = 0
        for conv_id in await self.queue.waiting():
            place = await self.queue.position(conv_id)
            if place is None:
                continue
            key = self.keys.conv(conv_id)
            channel, before = await self.redis.hmget(key, ["channel", "notified_place"])
            if before is not None and int(before) == place:
                continue
            await self.redis.hset(key, "notified_place", place)
            if before is None:
                continue  # the first place was given when the person joined
            wait = await self.queue.estimated_wait(conv_id)
            await self.chat.to_person(conv_id, (channel or b"socketio").decode(),
                                      place_sentence(place, wait), author="assistant",
                                      buttons=[CANCEL_BUTTON])
            told += 1
        return told

    async def after_release(self, conv_id: str) -> None:
        """The assistant takes over again and asks its one-question survey."""
        key = self.keys.conv(conv_id)
        channel = (await self.redis.hget(key, "channel") or b"socketio").decode()
        await self.redis.hset(key, "survey", "1")
        await self.chat.to_person(
            conv_id, channel,
            "La conversation avec le ou la conseillère est terminée, je reprends le fil. "
            "Une seule question : cet échange vous a-t-il aidé ?",
            author="assistant",
            buttons=[{"title": title, "payload": f"{SURVEY_PREFIX}{value}"}
                     for value, title in SURVEY_CHOICES.items()])

    async def sweep(self, *, long_wait_seconds: float, grace_seconds: float) -> dict[str, int]:
        """Deadlines kept in Redis, checked by any process: long waits get the alternatives
        once; counsellors silent for longer than the grace period lose their
        conversations, which go back to the queue at their old place."""
        now_ms = self._clock() * 1000
        offered = 0
        for conv_id in await self.queue.waiting():
            key = self.keys.conv(conv_id)
            since, channel = await self.redis.hmget(key, ["waiting_since", "channel"])
            if since is None or now_ms - float(since) < long_wait_seconds * 1000:
                continue
            if not await self.redis.hsetnx(key, "long_wait_offered", "1"):
                continue
            await self.chat.to_person(
                conv_id, (channel or b"socketio").decode(),
                "L'attente est plus longue que prévu, désolé. Vous pouvez continuer à "
                f"attendre, laisser un message pour être recontacté, ou appeler le {PHONE} "
                "(gratuit).", author="assistant", buttons=ALTERNATIVES)
            offered += 1
        requeued = 0
        stale = await self.redis.zrangebyscore(self.keys.presence, "-inf",
                                               now_ms - grace_seconds * 1000)
        for member in stale:
            counsellor = member.decode()
            if await self.redis.zrem(self.keys.presence, counsellor):
                requeued += await self.queue.requeue_counsellor(counsellor)
        if requeued:
            await self.chat.notify("queue")
            await self.announce_places()
        return {"long_waits": offered, "requeued": requeued}

    async def sweep_forever(self, *, long_wait_seconds: float, grace_seconds: float,
                            every: float = 5.0) -> None:
        """:meth:`sweep` every few seconds, for ever; Redis outages are waited out."""
        while True:
            await asyncio.sleep(every)
            with contextlib.suppress(RedisError, OSError):
                await self.sweep(long_wait_seconds=long_wait_seconds,
                                 grace_seconds=grace_seconds)

    async def heartbeat(self, counsellor: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(self.keys.presence, {counsellor: self._clock() * 1000})
            pipe.expire(self.keys.presence, 86400)
            await pipe.execute()

    async def card(self, conv_id: str) -> dict[str, Any]:
        raw = await self.redis.hget(self.keys.conv(conv_id), "card")
        return dict(json.loads(raw)) if raw else {}
