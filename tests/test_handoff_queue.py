"""The counsellor queue on a real Redis server: order, priorities, atomic claims,
capacity, return to the queue, cancellation, one event per change, expiry of every key."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from handoff.keys import Keys
from handoff.queue import STATS_TTL, HandoffQueue


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def queue(redis_url) -> AsyncIterator[tuple[HandoffQueue, Clock]]:
    client = Redis.from_url(redis_url)
    clock = Clock()
    keys = Keys(prefix=f"test:{uuid.uuid4().hex}")  # a fresh queue for every test
    yield HandoffQueue(client, keys, ttl_seconds=3600, clock=clock), clock
    async for key in client.scan_iter(match=f"{keys.prefix}:*"):
        await client.delete(key)
    await client.close()


CARD = {"age": 17, "territoire": "metropole"}


async def test_order_urgent_first_then_waiting_time(queue):
    q, clock = queue
    for conv in ("a", "b", "c"):
        assert await q.enqueue(conv, territoire="metropole", card=CARD)
        clock.now += 10
    assert await q.enqueue("d", territoire="reunion", card=CARD, urgent=True)
    assert await q.waiting() == ["d", "a", "b", "c"]
    assert [await q.position(c) for c in ("d", "a", "c")] == [1, 2, 4]
    assert not await q.enqueue("a", territoire="metropole", card=CARD)  # already waiting


async def test_claim_takes_the_first_and_records_the_wait(queue):
    q, clock = queue
    await q.enqueue("a", territoire="metropole", card=CARD)
    await q.enqueue("b", territoire="metropole", card=CARD)
    clock.now += 90
    claim = await q.claim("alice")
    assert (claim.ok, claim.conv_id) == (True, "a")
    state = await q.state("a")
    assert (state["state"], state["counsellor"]) == ("with_counsellor", "alice")
    assert await q.waiting() == ["b"]
    assert await q.estimated_wait("b") == 90.0
    assert [e["state"] for e in await q.events("a")] == ["waiting", "with_counsellor"]


async def test_claim_by_territory(queue):
    q, _clock = queue
    await q.enqueue("a", territoire="metropole", card=CARD)
    await q.enqueue("b", territoire="guyane", card=CARD)
    claim = await q.claim("bob", territoire="guyane")
    assert claim.conv_id == "b"
    assert (await q.claim("bob", territoire="mayotte")).reason == "empty"


async def test_fifty_concurrent_claimers_exactly_one_wins(queue):
    q, _clock = queue
    await q.enqueue("only", territoire="metropole", card=CARD)
    claims = await asyncio.gather(*(q.claim(f"c{i}", conv_id="only") for i in range(50)))
    winners = [c for c in claims if c.ok]
    assert len(winners) == 1
    assert {c.reason for c in claims if not c.ok} == {"taken"}
    assert (await q.state("only"))["counsellor"] == f"c{claims.index(winners[0])}"


async def test_capacity_per_counsellor(queue):
    q, _clock = queue
    for conv in ("a", "b", "c", "d"):
        await q.enqueue(conv, territoire="metropole", card=CARD)
    results = [await q.claim("alice", capacity=3) for _ in range(4)]
    assert [r.ok for r in results] == [True, True, True, False]
    assert results[3].reason == "capacity"
    assert await q.held_by("alice") == {"a", "b", "c"}
    assert await q.close("a", "alice", "oriente_structure") == 1
    assert (await q.claim("alice", capacity=3)).conv_id == "d"


async def test_only_the_holder_closes(queue):
    q, _clock = queue
    await q.enqueue("a", territoire="metropole", card=CARD)
    await q.claim("alice")
    assert await q.close("a", "bob", "information") == -1
    assert await q.close("a", "alice", "information") == 1
    assert await q.close("a", "alice", "information") == 0
    events = await q.events("a")
    assert events[-1] == {"state": "closed", "at": events[-1]["at"], "by": "alice",
                          "outcome": "information"}


async def test_a_lost_counsellor_returns_conversations_at_their_place(queue):
    q, clock = queue
    await q.enqueue("a", territoire="metropole", card=CARD)
    clock.now += 5
    await q.enqueue("b", territoire="metropole", card=CARD)
    await q.claim("alice", conv_id="a")
    clock.now += 5
    await q.enqueue("c", territoire="metropole", card=CARD)
    assert await q.requeue_counsellor("alice") == 1
    assert await q.waiting() == ["a", "b", "c"]  # "a" keeps its place
    assert await q.held_by("alice") == set()
    assert (await q.events("a"))[-1]["detail"] == "counsellor_lost"


async def test_hand_back_and_cancel(queue):
    q, _clock = queue
    await q.enqueue("a", territoire="metropole", card=CARD)
    await q.enqueue("b", territoire="metropole", card=CARD)
    await q.claim("alice", conv_id="a")
    assert await q.hand_back("a", "alice") == 1
    assert (await q.state("a"))["state"] == "bot"
    assert await q.cancel("b")
    assert await q.waiting() == []
    assert not await q.cancel("b")
    assert await q.enqueue("a", territoire="metropole", card=CARD)  # may come back


async def test_every_key_expires(queue, redis_url):
    q, _clock = queue
    await q.enqueue("a", territoire="metropole", card=CARD)
    await q.enqueue("b", territoire="metropole", card=CARD)
    await q.claim("alice")
    client = Redis.from_url(redis_url)
    keys = [key.decode() async for key in client.scan_iter(match=f"{q.keys.prefix}:*")]
    assert len(keys) >= 8
    assert any(":stats:" in key for key in keys)  # the day's figures (no personal data)
    for key in keys:
        limit = STATS_TTL if ":stats:" in key else 3600
        assert 0 < await client.ttl(key) <= limit, key
    await client.close()
