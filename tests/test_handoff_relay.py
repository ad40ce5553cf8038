"""The person's side of the live chat on a real Redis: what the channels do with a message
while waiting or with a counsellor, cancelling, distress while waiting, places announced
when they change, long waits, lost counsellors, the survey."""

from __future__ import annotations

import json

import pytest

from handoff.relay import CANCEL_PAYLOAD, Relay
from tests.conftest import Clock

CARD = {"resume": "Si je résume : vous avez 17 ans."}


@pytest.fixture
def relay(fresh_redis):
    client, keys = fresh_redis
    clock = Clock()
    return Relay(client, keys, ttl_seconds=3600, clock=clock), clock


async def outbox(relay: Relay, channel: str = "socketio") -> list[dict[str, str]]:
    entries = await relay.redis.xrange(relay.keys.outbox(channel))
    return [{k.decode(): v.decode() for k, v in fields.items()} for _id, fields in entries]


async def test_a_conversation_with_the_assistant_goes_to_rasa(relay):
    r, _clock = relay
    verdict = await r.person_message("conv1", "bonjour")
    assert verdict.to_bot and verdict.replies == []
    assert await r.chat.history("conv1") == []


async def test_while_waiting_the_message_is_kept_and_the_place_given(relay):
    r, clock = relay
    await r.queue.enqueue("first", territoire="metropole", card=CARD)
    clock.now += 5
    await r.queue.enqueue("second", territoire="metropole", card=CARD)
    verdict = await r.person_message("second", "vous etes la ?")
    assert not verdict.to_bot
    assert len(verdict.replies) == 1
    assert "position 2" in verdict.replies[0]["text"]
    assert verdict.replies[0]["buttons"] == [{"title": "Quitter la file",
                                              "payload": CANCEL_PAYLOAD}]
    history = await r.chat.history("second")
    assert [(m.author, m.text) for m in history] == [("person", "vous etes la ?")]
    inbound = await r.redis.xrange(r.keys.inbound)
    assert inbound[-1][1][b"text"] == b"vous etes la ?"


@pytest.mark.parametrize("text", [CANCEL_PAYLOAD, "annuler", "Annuler !", "stop"])
async def test_cancelling_leaves_the_queue(relay, text):
    r, _clock = relay
    await r.queue.enqueue("c", territoire="metropole", card=CARD)
    verdict = await r.person_message("c", text)
    assert not verdict.to_bot
    assert "quitté la file" in verdict.replies[0]["text"]
    assert await r.queue.waiting() == []
    assert (await r.queue.state("c"))["state"] == "bot"
    assert (await r.person_message("c", "merci")).to_bot  # the assistant is back


async def test_with_a_counsellor_the_assistant_stays_silent(relay):
    r, _clock = relay
    await r.queue.enqueue("c", territoire="metropole", card=CARD)
    await r.queue.claim("alice")
    verdict = await r.person_message("c", "annuler")  # not a cancel any more: a message
    assert (verdict.to_bot, verdict.replies) == (False, [])
    assert [m.text for m in await r.chat.history("c")] == ["annuler"]


async def test_distress_while_waiting_moves_up_and_gets_the_numbers(relay):
    r, clock = relay
    await r.queue.enqueue("calm", territoire="metropole", card=CARD)
    clock.now += 1
    await r.queue.enqueue("worried", territoire="metropole", card=CARD)
    verdict = await r.person_message("worried", "jveux plus vivre, jen peux plus")
    assert await r.queue.waiting() == ["worried", "calm"]
    assert "3114" in verdict.replies[0]["text"]
    assert "prochaine personne" in verdict.replies[1]["text"]
    state = await r.queue.state("worried")
    assert (state["priority"], state["distress"]) == ("0", "1")


async def test_places_are_announced_when_they_change_only(relay):
    r, clock = relay
    for conv in ("a", "b", "c"):
        await r.queue.enqueue(conv, territoire="metropole", card=CARD)
        await r.redis.hset(r.keys.conv(conv), "notified_place",
                           await r.queue.position(conv) or 0)
        clock.now += 1
    assert await r.announce_places() == 0
    clock.now += 60
    await r.queue.claim("alice")
    assert await r.announce_places() == 2
    told = await outbox(r)
    assert [(m["conv"], m["text"].split(".")[0]) for m in told] == [
        ("b", "Vous êtes la prochaine personne à être prise en charge"),
        ("c", "Vous êtes en position 2 dans la file d'attente")]
    assert "environ 1 minutes" not in told[0]["text"]
    assert await r.announce_places() == 0


async def test_a_long_wait_offers_the_alternatives_once(relay):
    r, clock = relay
    await r.queue.enqueue("a", territoire="metropole", card=CARD)
    assert (await r.sweep(long_wait_seconds=600, grace_seconds=60))["long_waits"] == 0
    clock.now += 601
    assert (await r.sweep(long_wait_seconds=600, grace_seconds=60))["long_waits"] == 1
    assert (await r.sweep(long_wait_seconds=600, grace_seconds=60))["long_waits"] == 0
    [message] = await outbox(r)
    assert "0800 12 25 00" in message["text"]
    assert {b["payload"] for b in json.loads(message["buttons"])} == {
        "/leave_message", "/find_structure", CANCEL_PAYLOAD}


async def test_a_silent_counsellor_loses_their_conversations_after_the_grace_period(relay):
    r, clock = relay
    await r.queue.enqueue("a", territoire="metropole", card=CARD)
    clock.now += 1
    await r.queue.enqueue("b", territoire="metropole", card=CARD)
    await r.heartbeat("alice")
    await r.queue.claim("alice")
    clock.now += 30
    assert (await r.sweep(long_wait_seconds=3600, grace_seconds=60))["requeued"] == 0
    await r.heartbeat("alice")  # still there
    clock.now += 59
    assert (await r.sweep(long_wait_seconds=3600, grace_seconds=60))["requeued"] == 0
    clock.now += 2
    assert (await r.sweep(long_wait_seconds=3600, grace_seconds=60))["requeued"] == 1
    assert await r.queue.waiting() == ["a", "b"]  # back at its old place
    assert await r.queue.held_by("alice") == set()


async def test_after_release_the_survey_is_asked_and_counted_once(relay):
    r, _clock = relay
    await r.queue.enqueue("a", territoire="metropole", card=CARD, channel="facebook")
    await r.queue.claim("alice")
    await r.queue.close("a", "alice", "information")
    await r.after_release("a")
    [message] = await outbox(r, "facebook")
    assert "vous a-t-il aidé" in message["text"]
    payloads = [b["payload"] for b in json.loads(message["buttons"])]
    assert payloads == ["/enquete_oui", "/enquete_un_peu", "/enquete_non"]
    assert "Merci" in (await r.person_message("a", "/enquete_oui")).replies[0]["text"]
    await r.person_message("a", "/enquete_non")  # a second click counts for nothing
    day = [k async for k in r.redis.scan_iter(match=f"{r.keys.prefix}:stats:*")]
    stats = await r.redis.hgetall(next(k for k in day if not k.endswith(b":waits")))
    assert stats[b"survey:oui"] == b"1" and b"survey:non" not in stats
    assert stats[b"outcome:information"] == b"1"
