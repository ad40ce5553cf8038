"""Facebook Messenger: webhook verification, signatures, the Send API calls the real Rasa
server makes (recorded by a local fake Graph API), Messenger's limits."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest

from actions.messenger_channel import (
    GraphClient,
    quick_replies,
    send_counsellor_message,
    setup_profile,
    signature_valid,
    text_chunks,
)
from tests.conftest import MESSENGER


def test_quick_replies_within_messenger_limits():
    buttons = [{"title": f"Une réponse très longue numéro {i}", "payload": f"/p{i}"}
               for i in range(15)]
    replies = quick_replies(buttons)
    assert len(replies) == 13
    assert all(len(r["title"]) <= 20 for r in replies)
    assert replies[0]["title"] == "Une réponse très lo…"
    assert replies[0] == {"content_type": "text", "title": "Une réponse très lo…",
                          "payload": "/p0"}


def test_long_texts_are_cut_at_word_boundaries():
    chunks = text_chunks("mot " * 1200)
    assert len(chunks) == 3 and all(len(c) <= 2000 for c in chunks)
    assert text_chunks("a\n\nb") == ["a", "b"]


def test_signatures():
    body = b'{"object": "page"}'
    good = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert signature_valid("s3cret", body, {"X-Hub-Signature-256": f"sha256={good}"})
    assert not signature_valid("s3cret", body, {"X-Hub-Signature-256": "sha256=00"})
    assert not signature_valid("s3cret", body, {})
    assert not signature_valid("s3cret", body, {"X-Hub-Signature": "__class__=x"})


async def test_profile_and_counsellor_messages_on_the_fake(fake_graph):
    client = GraphClient(fake_graph.url, "page-token")
    await setup_profile(client, "Bonjour ! Écrivez-moi pour trouver une solution.")
    profile = [r for r in fake_graph.requests if r["path"].endswith("/me/messenger_profile")]
    assert profile[-1]["body"]["get_started"] == {"payload": "/greet"}
    await send_counsellor_message(client, "psid-1", "Bonjour, je suis Nadia.", 2)
    await send_counsellor_message(client, "psid-1", "Je reviens vers vous.", 30)
    first, later = fake_graph.messages_to("psid-1")[-2:]
    assert (first["messaging_type"], "tag" in first) == ("RESPONSE", False)
    assert (later["messaging_type"], later["tag"]) == ("MESSAGE_TAG", "HUMAN_AGENT")


# --- through the real Rasa server --------------------------------------------------------
def _webhook(stack: Any) -> str:
    return f"{stack.rasa_url}/webhooks/facebook/webhook"


def _post(stack: Any, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(_webhook(stack), data=body,
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _signed(payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    secret = MESSENGER["FACEBOOK_APP_SECRET"].encode()
    signature = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return body, {"X-Hub-Signature-256": f"sha256={signature}"}


def _event(sender: str, text: str | None = None, quick_reply: str | None = None
           ) -> dict[str, Any]:
    message: dict[str, Any] = {"mid": uuid.uuid4().hex, "text": text or quick_reply or ""}
    if quick_reply:
        message["quick_reply"] = {"payload": quick_reply}
    return {"object": "page", "entry": [{"id": "page", "time": 1, "messaging": [
        {"sender": {"id": sender}, "recipient": {"id": "page"}, "timestamp": 1,
         "message": message}]}]}


@pytest.mark.e2e
def test_webhook_verification(stack):
    base = f"{_webhook(stack)}?hub.mode=subscribe&hub.challenge=12345&hub.verify_token="
    with urllib.request.urlopen(base + MESSENGER["FACEBOOK_VERIFY_TOKEN"], timeout=30) as ok:
        assert ok.read() == b"12345"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "mauvais", timeout=30)
    assert refused.value.code == 403


@pytest.mark.e2e
def test_unsigned_or_wrongly_signed_requests_are_refused(stack, fake_graph):
    sender = uuid.uuid4().hex
    body = json.dumps(_event(sender, "bonjour")).encode()
    assert _post(stack, body, {})[0] == 403
    assert _post(stack, body, {"X-Hub-Signature-256": "sha256=" + "0" * 64})[0] == 403
    secret = MESSENGER["FACEBOOK_APP_SECRET"].encode()
    garbage = b"not json"
    signed_garbage = hmac.new(secret, garbage, hashlib.sha256).hexdigest()
    status, text = _post(stack, garbage, {"X-Hub-Signature-256": f"sha256={signed_garbage}"})
    assert status == 400 and "JSON" in text
    assert fake_graph.messages_to(sender) == []


@pytest.mark.e2e
def test_a_conversation_on_messenger(stack, fake_graph):
    sender = uuid.uuid4().hex
    status, text = _post(stack, *_signed(_event(sender, "bonjour")))
    assert (status, text) == (200, "EVENT_RECEIVED")
    greeting, question = fake_graph.messages_to(sender)
    assert greeting["message"]["text"].startswith("Bonjour ! Je suis l'assistant")
    assert question["message"]["text"] == "Vous m'écrivez pour vous-même ou pour votre enfant ?"
    assert [q["title"] for q in question["message"]["quick_replies"]] == [
        "Pour moi", "Pour mon enfant"]

    _post(stack, *_signed(_event(sender, quick_reply="c'est pour moi")))
    _post(stack, *_signed(_event(sender, "g 19 ans, toulouse, pas de diplome")))
    asked = fake_graph.messages_to(sender)[-1]["message"]
    assert asked["text"] == "Allez-vous encore à l'école (collège, lycée, CFA) ?"

    _post(stack, *_signed(_event(sender, "ya un cio a toulouse ?")))
    sent = fake_graph.messages_to(sender)
    cards = [m["message"]["attachment"] for m in sent if "attachment" in m["message"]]
    assert cards, sent[-3:]
    elements = cards[-1]["payload"]["elements"]
    assert 1 <= len(elements) <= 10
    assert all(len(e["title"]) <= 80 and len(e["subtitle"]) <= 80 for e in elements)
    assert any(b["type"] == "phone_number" for e in elements for b in e["buttons"])
    assert all(m.get("messaging_type") == "RESPONSE" for m in sent)


def _wait_for(fake_graph: Any, sender: str, words: str, timeout: float = 15) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for sent in fake_graph.messages_to(sender):
            if words in sent["message"].get("text", ""):
                return dict(sent)
        time.sleep(0.05)
    raise AssertionError(f"jamais envoyé : {words!r}")


@pytest.mark.e2e
def test_a_counsellor_answers_on_messenger(stack, stack_accounts, fake_graph):
    import asyncio

    import aiohttp
    from redis.asyncio import Redis

    from handoff.keys import Keys
    from tests.conftest import STACK_ENV

    sender = uuid.uuid4().hex
    _post(stack, *_signed(_event(sender, "je veux parler a un conseiller")))
    _wait_for(fake_graph, sender, "Je vous mets en relation")
    keys = Keys(STACK_ENV["HANDOFF_KEY_PREFIX"])

    async def counsellor() -> None:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            signin = await http.post(f"{stack.console_url}api/signin",
                                     json={"login": "alice", "password": stack_accounts["alice"]})
            headers = {"X-CSRF-Token": (await signin.json())["csrf"]}
            claimed = await http.post(f"{stack.console_url}api/claim", json={"conv": sender},
                                      headers=headers)
            assert claimed.status == 200, await claimed.text()
            await http.post(f"{stack.console_url}api/conv/{sender}/send",
                            json={"text": "Bonjour, ici Alice."}, headers=headers)
            # more than 24 hours after the person's last message: the HUMAN_AGENT tag
            redis = Redis.from_url(stack.redis.url)
            await redis.hset(keys.conv(sender), "last_person_at", time.time() - 25 * 3600)
            await redis.close()
            await http.post(f"{stack.console_url}api/conv/{sender}/send",
                            json={"text": "Je reviens vers vous."}, headers=headers)

    asyncio.run(counsellor())
    first = _wait_for(fake_graph, sender, "Bonjour, ici Alice.")
    assert first["message"]["text"] == "Alice : Bonjour, ici Alice."
    assert first["messaging_type"] == "RESPONSE"
    later = _wait_for(fake_graph, sender, "Je reviens vers vous.")
    assert (later["messaging_type"], later["tag"]) == ("MESSAGE_TAG", "HUMAN_AGENT")
    # delivered once, though the outbox is read by a consumer group
    texts = [m["message"].get("text") for m in fake_graph.messages_to(sender)]
    assert texts.count("Alice : Bonjour, ici Alice.") == 1
    # the person's answer goes to the counsellor; the assistant says nothing
    before = len(fake_graph.messages_to(sender))
    assert _post(stack, *_signed(_event(sender, "merci alice")))[0] == 200

    async def history() -> list[str]:
        redis = Redis.from_url(stack.redis.url)
        entries = await redis.xrange(keys.msgs(sender))
        await redis.close()
        return [fields[b"text"].decode() for _id, fields in entries]

    assert asyncio.run(history())[-1] == "merci alice"
    time.sleep(0.5)
    assert len(fake_graph.messages_to(sender)) == before
