"""Personal data: masking in what is stored, and erasure on request.

- :func:`mask` hides e-mail addresses, phone numbers and street addresses in a text before
  it is stored (trackers, triage cards) or logged. An e-mail given on purpose for a reply
  (deferred message, with consent) is stored apart, until the reply is sent.
- :func:`erase` removes everything kept about one conversation: the assistant's tracker,
  the handoff records, the live chat, the messages left for a reply.
"""

from __future__ import annotations

import re

from redis.asyncio import Redis

from handoff.keys import Keys

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?\d{2,3}[\s.-]?(?:\(0\))?[\s.-]?[1-9]|0[1-9])"
                   r"(?:[\s.-]?\d{2}){4}(?!\d)")
STREET = re.compile(
    r"\b\d{1,4}\s?(?:bis|ter|b)?\s?,?\s*(?:rue|r\.|avenue|av\.?|boulevard|bd|chemin|ch\.|"
    r"impasse|all[ée]e|place|pl\.|route|rte|quai|cours|r[ée]sidence|lotissement|lot\.|"
    r"square|voie|passage|cit[ée]|hameau|sentier|faubourg|fbg)\b[^,;.\n\d]{0,40}",
    re.IGNORECASE)

MASKS = ((EMAIL, "[e-mail masqué]"), (PHONE, "[téléphone masqué]"),
         (STREET, "[adresse masquée]"))


def mask(text: str) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


ERASE_WORDS = re.compile(
    r"^\s*(?:je veux |j veux |jveux |je voudrais |svp |stp )?(?:supprim|suprim|"
    r"effac|efface|delete)\w*\s+(?:ma|la|cette|mes|toute ma)\s+(?:conv\w*|discussion|"
    r"donn[ée]es|historique|echange|échange)s?\b", re.IGNORECASE)
ERASE_CONFIRM = "/erase_confirm"
ERASE_CANCEL = "/erase_cancel"


def asks_erasure(text: str) -> bool:
    return bool(ERASE_WORDS.search(text))


def tracker_key(conv_id: str, prefix: str = "secondechance") -> str:
    """The key of Rasa's Redis tracker store (endpoints.yml: key_prefix)."""
    return f"{prefix}:tracker:{conv_id}"


async def erase(redis: Redis, keys: Keys, conv_id: str,
                tracker_prefix: str = "secondechance") -> int:
    """Deletes everything about a conversation; returns how many keys were removed."""
    removed = 0
    counsellor = await redis.hget(keys.conv(conv_id), "counsellor")
    deferred = []
    async for member in redis.zscan_iter(keys.deferred_index):
        item_id = member[0].decode()
        if await redis.hget(keys.deferred(item_id), "conv") == conv_id.encode():
            deferred.append(item_id)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.zrem(keys.queue, conv_id)
        if counsellor:
            pipe.srem(keys.counsellor_convs(counsellor.decode()), conv_id)
        for item_id in deferred:
            pipe.zrem(keys.deferred_index, item_id)
            pipe.delete(keys.deferred(item_id))
        pipe.delete(*keys.conv_keys(conv_id), tracker_key(conv_id, tracker_prefix),
                    f"{keys.prefix}:erase:{conv_id}")
        results = await pipe.execute()
    removed = int(results[-1]) + len(deferred)
    # the conversation's traces in the transport streams (messages not yet delivered)
    for stream in (keys.inbound, keys.outbox("socketio"), keys.outbox("facebook")):
        async for entry_id, fields in _stream_entries(redis, stream):
            if fields.get(b"conv") == conv_id.encode():
                await redis.xdel(stream, entry_id)
    return removed


async def _stream_entries(redis: Redis, stream: str):  # type: ignore[no-untyped-def]
    last = "-"
    while True:
        batch = await redis.xrange(stream, min=last, count=500)
        if not batch:
            return
        for entry_id, fields in batch:
            yield entry_id, fields
        if len(batch) < 500:
            return
        last = "(" + batch[-1][0].decode()
