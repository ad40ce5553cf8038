"""Personal data: masking before storage, erasure on request, expiry of every key, on a
real Redis (the tracker and lock stores the Rasa server uses included)."""

from __future__ import annotations

import json
import warnings
from typing import Any
from urllib.parse import urlparse

import pytest

from handoff.chat import Chat
from handoff.privacy import asks_erasure, erase, mask, tracker_key
from handoff.queue import HandoffQueue


@pytest.mark.parametrize("text, expected", [
    ("appelle moi au 06 12 34 56 78", "appelle moi au [téléphone masqué]"),
    ("mon num 0612345678 stp", "mon num [téléphone masqué] stp"),
    ("+33 6 12 34 56 78", "[téléphone masqué]"),
    ("tel: 0262.12.34.56", "tel: [téléphone masqué]"),
    ("ecris moi a jade.martin+sc@gmail.com", "ecris moi a [e-mail masqué]"),
    ("j'habite 12 rue de la Paix, Lyon", "j'habite [adresse masquée], Lyon"),
    ("au 3 bis avenue Jean Jaurès", "au [adresse masquée]"),
    # what must stay: ages, postal codes, help numbers, years
    ("j'ai 17 ans et j'habite 75011", "j'ai 17 ans et j'habite 75011"),
    ("j'ai appelé le 3114 en 2025", "j'ai appelé le 3114 en 2025"),
    ("le 0800 12 25 00 c'est gratuit ?", "le [téléphone masqué] c'est gratuit ?"),
])
def test_mask(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text, asks", [
    ("supprimer ma conversation", True),
    ("Supprime ma conv stp", True),
    ("suprimer ma conversation", True),
    ("je veux effacer mes données", True),
    ("effacer la discussion", True),
    ("comment supprimer mon compte instagram", False),
    ("ma conversation avec le cio s'est bien passée", False),
])
def test_erasure_request(text, asks):
    assert asks_erasure(text) is asks


async def test_erase_removes_everything_about_one_conversation(fresh_redis):
    client, keys = fresh_redis
    queue = HandoffQueue(client, keys, ttl_seconds=3600)
    chat = Chat(client, keys, 3600)
    tracker_prefix = keys.prefix.replace(":", "")  # keep this test's keys apart
    for conv in ("gone", "kept"):
        await client.set(tracker_key(conv, tracker_prefix), "{}", ex=3600)
        await queue.enqueue(conv, territoire="metropole", card={"resume": conv})
    await queue.claim("alice", conv_id="gone")
    await chat.from_person("gone", "mon numero 0612345678")
    await chat.to_person("gone", "socketio", "bonjour", author="counsellor", name="Alice")
    await client.hset(keys.deferred("d1"), mapping={"conv": "gone", "email": "a@b.fr"})
    await client.zadd(keys.deferred_index, {"d1": 1})
    await client.hset(keys.deferred("d2"), mapping={"conv": "kept", "email": "c@d.fr"})
    await client.zadd(keys.deferred_index, {"d2": 2})

    await erase(client, keys, "gone", tracker_prefix)

    assert not await client.exists(tracker_key("gone", tracker_prefix))
    assert await client.exists(tracker_key("kept", tracker_prefix))
    assert not await client.exists(*keys.conv_keys("gone"))
    assert await queue.held_by("alice") == set()
    assert await queue.waiting() == ["kept"]
    assert [m.decode() for m in await client.zrange(keys.deferred_index, 0, -1)] == ["d2"]
    assert not await client.exists(keys.deferred("d1"))
    for stream in (keys.inbound, keys.outbox("socketio")):
        entries = await client.xrange(stream)
        assert all(fields.get(b"conv") != b"gone" for _id, fields in entries)
    text = json.dumps([str(k) async for k in client.scan_iter(match=f"{keys.prefix}:*")])
    assert "gone" not in text


def _rasa_endpoint(redis_url: str, key_prefix: str) -> Any:
    from rasa.utils.endpoints import EndpointConfig

    parsed = urlparse(redis_url)
    return EndpointConfig(url=parsed.hostname, port=parsed.port or 6379,
                          db=int((parsed.path or "/0").strip("/") or 0),
                          key_prefix=key_prefix)


async def test_the_tracker_store_masks_what_it_keeps_and_merges_exactly(redis_url):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from actions.tracker_store import MaskingRedisTrackerStore

    parsed = urlparse(redis_url)
    from actions.settings import ROOT

    with warnings.catch_warnings():  # Rasa warns on every domain load ("auto-fill removed")
        warnings.simplefilter("ignore", UserWarning)
        loaded = Domain.load(ROOT / "domain.yml")
    store = MaskingRedisTrackerStore(loaded, host=parsed.hostname,
                                     port=parsed.port or 6379, key_prefix="testmasking",
                                     record_exp=60)
    sender = "masking-test"
    tracker = DialogueStateTracker(sender, [])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("mon mail c'est lea@exemple.fr et mon 06 11 22 33 44",
                               {"name": "inform", "confidence": 0.9}))
    tracker.update(SlotSet("contact_email", "lea@exemple.fr"))
    await store.save(tracker)
    again = await store.retrieve(sender)
    assert again is not None
    again.update(ActionExecuted("action_listen"))
    again.update(UserUttered("merci", {"name": "thanks", "confidence": 0.9}))
    await store.save(again)
    stored = store.red.get(store.key_prefix + sender)
    assert "lea@exemple.fr" not in stored and "06 11 22 33 44" not in stored
    final = await store.retrieve(sender)
    texts = [e.text for e in final.events if isinstance(e, UserUttered)]
    assert texts == ["mon mail c'est [e-mail masqué] et mon [téléphone masqué]", "merci"]
    assert 0 < store.red.ttl(store.key_prefix + sender) <= 60
    store.red.delete(store.key_prefix + sender)


async def test_lock_keys_expire(redis_url):
    from rasa.core.lock import TicketLock

    from actions.lock_store import LOCK_TTL_SECONDS, FailSafeRedisLockStore

    store = FailSafeRedisLockStore(_rasa_endpoint(redis_url, "testlocks"))
    store.save_lock(TicketLock("lock-test"))
    key = store.key_prefix + "lock-test"
    assert 0 < store.red.ttl(key) <= LOCK_TTL_SECONDS
    store.delete_lock("lock-test")
    assert not store.red.exists(key)


async def test_the_lock_store_keeps_working_without_redis():
    from rasa.core.lock import TicketLock
    from rasa.utils.endpoints import EndpointConfig

    from actions.lock_store import FailSafeRedisLockStore

    store = FailSafeRedisLockStore(EndpointConfig(url="127.0.0.1", port=1, key_prefix="x"))
    store.save_lock(TicketLock("offline"))
    lock = store.get_lock("offline")
    assert lock is not None and lock.conversation_id == "offline"
    store.delete_lock("offline")
    assert store.get_lock("offline") is None
