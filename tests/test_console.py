"""The counsellors' console on a real Redis: sign-in, sessions and CSRF, lock-out, roles,
no cross-conversation writes, the conversation from claim to close, bad input on every
endpoint, live updates over the websocket, deferred answers by e-mail (local SMTP sink)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from handoff.chat import Chat
from handoff.console.auth import MAX_FAILURES
from handoff.queue import HandoffQueue
from tests.conftest import PASSWORD

CARD = {"resume": "Si je résume : vous avez 19 ans, vous n'avez pas de diplôme.",
        "situation": {"age": 19, "diplome": "aucun"}, "transcription": []}

ENDPOINTS = [
    ("GET", "/api/me"), ("GET", "/api/queue"), ("POST", "/api/claim"),
    ("GET", "/api/conv/x"), ("POST", "/api/conv/x/send"), ("POST", "/api/conv/x/note"),
    ("POST", "/api/conv/x/close"), ("POST", "/api/conv/x/handback"), ("GET", "/api/canned"),
    ("GET", "/api/deferred"), ("POST", "/api/deferred/x/reply"), ("GET", "/api/stats"),
    ("POST", "/api/signout"),
]


def queue_of(console) -> HandoffQueue:
    return HandoffQueue(console.redis, console.keys, ttl_seconds=3600)


async def error_of(response) -> str:
    data = await response.json()
    assert set(data) == {"erreur"}
    return str(data["erreur"])


@pytest.mark.parametrize("method, path", ENDPOINTS)
async def test_nothing_without_signing_in(console, method, path):
    client = await console.new_client()
    response = await client.request(method, path, json={})
    assert response.status == 401
    assert "Connectez-vous" in await error_of(response)


async def test_pages_carry_a_strict_content_security_policy(console):
    client = await console.new_client()
    for path in ("/", "/supervision"):
        response = await client.get(path)
        assert response.status == 200
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_passwords_are_hashed_with_argon2(console):
    stored = await console.redis.hget(console.keys.account("alice"), "hash")
    assert stored.startswith(b"$argon2id$") and PASSWORD.encode() not in stored


async def test_the_session_cookie_is_httponly_and_samesite(console):
    client = await console.new_client()
    response = await client.post("/api/signin", json={"login": "alice", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # CONSOLE_SECURE_COOKIES is off in the tests


async def test_lock_out_after_repeated_failures(console):
    client = await console.new_client()
    for _ in range(MAX_FAILURES):
        response = await client.post("/api/signin", json={"login": "bob", "password": "non"})
        assert response.status == 401
        assert "incorrect" in await error_of(response)
    response = await client.post("/api/signin", json={"login": "bob", "password": PASSWORD})
    assert response.status == 429
    assert "bloqué" in await error_of(response)
    # another account is not affected
    response = await client.post("/api/signin", json={"login": "alice", "password": PASSWORD})
    assert response.status == 200


async def test_unknown_login_and_wrong_password_get_the_same_answer(console):
    client = await console.new_client()
    unknown = await client.post("/api/signin", json={"login": "zoe", "password": "x" * 20})
    wrong = await client.post("/api/signin", json={"login": "alice", "password": "x" * 20})
    assert unknown.status == wrong.status == 401
    assert await error_of(unknown) == await error_of(wrong)


async def test_every_write_needs_the_csrf_token(console):
    client, headers = await console.signed_in("alice")
    for method, path in ENDPOINTS:
        if method != "POST":
            continue
        for bad in ({}, {"X-CSRF-Token": "faux"}):
            response = await client.post(path, json={}, headers=bad)
            assert response.status == 403, path
            assert "CSRF" in await error_of(response)
    response = await client.post("/api/claim", json={}, headers=headers)
    assert response.status == 409  # accepted; nobody is waiting


async def test_roles_are_checked(console):
    client, _headers = await console.signed_in("alice")
    response = await client.get("/api/stats")
    assert response.status == 403
    assert "superviseurs" in await error_of(response)
    supervisor, _ = await console.signed_in("sam")
    response = await supervisor.get("/api/stats")
    assert response.status == 200
    assert (await response.json())["en_attente"] == 0


async def test_a_counsellor_writes_only_to_conversations_they_hold(console):
    queue = queue_of(console)
    await queue.enqueue("conv-a", territoire="metropole", card=CARD)
    alice, alice_headers = await console.signed_in("alice")
    bob, bob_headers = await console.signed_in("bob")
    response = await alice.post("/api/claim", json={"conv": "conv-a"}, headers=alice_headers)
    assert (await response.json()) == {"conv": "conv-a"}
    attempts = [("GET", "/api/conv/conv-a", None), ("POST", "/api/conv/conv-a/send",
                {"text": "coucou"}), ("POST", "/api/conv/conv-a/note", {"note": "x"}),
                ("POST", "/api/conv/conv-a/close", {"outcome": "information"}),
                ("POST", "/api/conv/conv-a/handback", {})]
    for method, path, body in attempts:
        response = await bob.request(method, path, json=body or {}, headers=bob_headers)
        assert response.status == 403, path
        assert "pas la vôtre" in await error_of(response)
    # taking it from Alice is not possible either
    response = await bob.post("/api/claim", json={"conv": "conv-a"}, headers=bob_headers)
    assert response.status == 409
    state = await queue.state("conv-a")
    assert (state["state"], state["counsellor"]) == ("with_counsellor", "alice")
    assert "note" not in state
    messages = [m.author for m in await Chat(console.redis, console.keys, 60).history("conv-a")]
    assert "counsellor" not in messages


async def test_a_conversation_from_claim_to_close(console):
    queue, chat = queue_of(console), Chat(console.redis, console.keys, 3600)
    await queue.enqueue("conv-b", territoire="reunion", card=CARD, channel="facebook")
    await chat.from_person("conv-b", "bonjour ?")
    alice, headers = await console.signed_in("alice")
    listing = await (await alice.get("/api/queue?territoire=reunion")).json()
    assert [item["id"] for item in listing["attente"]] == ["conv-b"]
    assert (await (await alice.get("/api/queue?territoire=guyane")).json())["attente"] == []
    await alice.post("/api/claim", json={"territoire": "reunion"}, headers=headers)
    view = await (await alice.get("/api/conv/conv-b")).json()
    assert view["fiche"]["resume"] == CARD["resume"]
    assert [m["text"] for m in view["messages"]] == [
        "bonjour ?", "Alice, conseiller·e, a rejoint la conversation."]
    response = await alice.post("/api/conv/conv-b/send", json={"text": "Bonjour, je suis Alice"},
                                headers=headers)
    assert response.status == 200
    outbox = await console.redis.xrange(console.keys.outbox("facebook"))
    assert [f[b"text"].decode() for _i, f in outbox][-1] == "Bonjour, je suis Alice"
    assert outbox[-1][1][b"name"] == b"Alice"
    await alice.post("/api/conv/conv-b/note", json={"note": "à rappeler lundi"},
                     headers=headers)
    assert (await queue.state("conv-b"))["note"] == "à rappeler lundi"
    response = await alice.post("/api/conv/conv-b/close", json={"outcome": "nimporte"},
                                headers=headers)
    assert response.status == 400
    response = await alice.post("/api/conv/conv-b/close", json={"outcome": "rappel"},
                                headers=headers)
    assert response.status == 200
    state = await queue.state("conv-b")
    assert (state["state"], state["outcome"], state["survey"]) == ("closed", "rappel", "1")
    supervisor, _ = await console.signed_in("sam")
    stats = await (await supervisor.get("/api/stats")).json()
    assert stats["par_issue"] == {"rappel": 1}
    assert stats["par_territoire"] == {"reunion": 1}
    assert stats["prises_en_charge"] == 1


async def test_capacity_per_counsellor(console):
    queue = queue_of(console)
    for i in range(4):
        await queue.enqueue(f"c{i}", territoire="metropole", card=CARD)
    alice, headers = await console.signed_in("alice")
    for _ in range(3):
        assert (await alice.post("/api/claim", json={}, headers=headers)).status == 200
    response = await alice.post("/api/claim", json={}, headers=headers)
    assert response.status == 409
    assert "déjà 3 conversations" in await error_of(response)
    # handing one back frees a place
    mine = (await (await alice.get("/api/queue")).json())["miennes"]
    await alice.post(f"/api/conv/{mine[0]['id']}/handback", headers=headers)
    assert (await alice.post("/api/claim", json={}, headers=headers)).status == 200


BAD_BODIES = [b"{pas du json", b"[1, 2]", b'"texte"', "\u00e9".encode("latin-1")]


@pytest.mark.parametrize("body", BAD_BODIES)
async def test_bad_json_gets_a_french_answer(console, body):
    alice, headers = await console.signed_in("alice")
    for path in ("/api/claim", "/api/conv/x/send", "/api/signin"):
        response = await alice.post(path, data=body, headers={**headers,
                                                              "Content-Type": "application/json"})
        assert response.status == 400, path
        assert "JSON" in await error_of(response)


async def test_wrong_types_and_sizes_get_a_french_answer(console):
    queue = queue_of(console)
    await queue.enqueue("conv-c", territoire="metropole", card=CARD)
    alice, headers = await console.signed_in("alice")
    await alice.post("/api/claim", json={"conv": "conv-c"}, headers=headers)
    cases = [
        ("/api/conv/conv-c/send", {"text": 42}, 400, "texte"),
        ("/api/conv/conv-c/send", {"text": ["a"]}, 400, "texte"),
        ("/api/conv/conv-c/send", {"text": "   \u0000\u0007  "}, 400, "vide"),
        ("/api/conv/conv-c/send", {"text": "x" * 2001}, 400, "trop long"),
        ("/api/conv/conv-c/send", {"text": "x" * 100_000}, 413, "volumineuse"),
        ("/api/conv/conv-c/note", {"note": {"a": 1}}, 400, "texte"),
        ("/api/conv/inconnue/send", {"text": "hello"}, 404, "introuvable"),
        ("/api/conv/" + "y" * 300 + "/send", {"text": "hello"}, 400, "invalide"),
        ("/api/claim", {"conv": 12}, 400, "texte"),
        ("/api/signin", {"login": None, "password": 3}, 400, "texte"),
        ("/api/deferred/nope/reply", {"text": "merci"}, 404, "introuvable"),
    ]
    for path, body, status, words in cases:
        response = await alice.post(path, data=json.dumps(body),
                                    headers={**headers, "Content-Type": "application/json"})
        assert response.status == status, (path, body)
        assert words in await error_of(response), (path, body)
    response = await alice.get("/api/nulle-part")
    assert response.status == 404
    assert "n'existe pas" in await error_of(response)
    response = await alice.delete("/api/queue")
    assert response.status == 405
    # the conversation goes on
    response = await alice.post("/api/conv/conv-c/send", json={"text": "<script>x</script>"},
                                headers=headers)
    assert response.status == 200
    history = await Chat(console.redis, console.keys, 60).history("conv-c")
    assert history[-1].text == "<script>x</script>"  # kept as text; the page shows text


async def test_person_messages_reach_the_holder_over_the_websocket(console):
    queue, chat = queue_of(console), Chat(console.redis, console.keys, 3600)
    await queue.enqueue("conv-d", territoire="metropole", card=CARD)
    alice, headers = await console.signed_in("alice")
    await alice.post("/api/claim", json={"conv": "conv-d"}, headers=headers)
    ws = await alice.ws_connect("/ws")
    await asyncio.sleep(0.3)  # the console's reader waits on the stream
    await chat.from_person("conv-d", "vous êtes là ?")
    received: list[dict[str, Any]] = []
    while not any(m.get("type") == "message" for m in received):
        received.append(await asyncio.wait_for(ws.receive_json(), timeout=5))
    message = next(m for m in received if m["type"] == "message")
    assert (message["conv"], message["author"], message["text"]) == (
        "conv-d", "person", "vous êtes là ?")
    await ws.close()


async def test_a_websocket_from_another_site_or_without_a_session_is_refused(console):
    alice, _headers = await console.signed_in("alice")
    response = await alice.get("/ws", headers={"Origin": "https://evil.example",
                                                "Connection": "Upgrade", "Upgrade": "websocket",
                                                "Sec-WebSocket-Version": "13",
                                                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert response.status == 403
    anonymous = await console.new_client()
    response = await anonymous.get("/ws")
    assert response.status == 403


async def make_deferred(console, item: str, email: str) -> None:
    await console.redis.hset(console.keys.deferred(item), mapping={
        "conv": "conv-e", "email": email, "text": "Je voudrais reprendre un CAP.",
        "territoire": "guyane", "resume": "Si je résume : vous avez 20 ans.", "at": 1.0})
    await console.redis.zadd(console.keys.deferred_index, {item: 1.0})


async def test_deferred_messages_are_answered_by_email_then_the_address_is_erased(console):
    await make_deferred(console, "d1", "jade@example.org")
    alice, headers = await console.signed_in("alice")
    listing = await (await alice.get("/api/deferred")).json()
    assert [(i["id"], i["email"]) for i in listing] == [("d1", "j…@example.org")]
    before = len(console.smtp.messages)
    response = await alice.post("/api/deferred/d1/reply",
                                json={"text": "Bonjour, le CIO de Cayenne peut vous aider."},
                                headers=headers)
    assert response.status == 200, await response.text()
    mail = console.smtp.messages[before]
    assert mail["To"] == "jade@example.org" and mail["From"] == "sc@example.org"
    body = mail.get_payload(decode=True).decode("utf-8")
    assert "le CIO de Cayenne peut vous aider" in body and "Alice" in body
    assert not await console.redis.exists(console.keys.deferred("d1"))
    assert await console.redis.zcard(console.keys.deferred_index) == 0


async def test_without_smtp_the_deferred_message_is_kept(console):
    import dataclasses

    await make_deferred(console, "d2", "leo@example.org")
    alice, headers = await console.signed_in("alice")
    from handoff.console.app import CONSOLE

    console_app = alice.server.app[CONSOLE]
    console_app.settings = dataclasses.replace(console_app.settings, smtp_host=None)
    response = await alice.post("/api/deferred/d2/reply", json={"text": "Bonjour"},
                                headers=headers)
    assert response.status == 503
    assert "SMTP_HOST" in await error_of(response)
    assert await console.redis.hget(console.keys.deferred("d2"), "email") == b"leo@example.org"


def test_accounts_are_created_by_a_command(redis_url, fresh_redis):
    _client, keys = fresh_redis
    env = {**os.environ, "REDIS_URL": redis_url, "HANDOFF_KEY_PREFIX": keys.prefix}
    command = [sys.executable, "-m", "handoff.console.accounts", "add", "nora", "--name",
               "Nora", "--role", "supervisor", "--password-stdin"]
    short = subprocess.run(command, input="court\n", text=True, env=env, capture_output=True)
    assert short.returncode == 1 and "au moins 12 caractères" in short.stderr
    done = subprocess.run(command, input=PASSWORD + "\n", text=True, env=env,
                          capture_output=True)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run([sys.executable, "-m", "handoff.console.accounts", "list"],
                            text=True, env=env, capture_output=True)
    assert listed.stdout.strip() == "nora\tsupervisor"


async def test_sign_in_attempts_are_throttled_for_the_whole_service(console, monkeypatch):
    from handoff.console import auth

    monkeypatch.setattr(auth, "SIGNINS_PER_MINUTE", 3)
    client = await console.new_client()
    statuses = []
    for login in ("a1", "a2", "a3", "alice"):
        response = await client.post("/api/signin", json={"login": login, "password": "x"})
        statuses.append(response.status)
    assert statuses == [401, 401, 401, 429]
    assert "réessayez dans une minute" in await error_of(response)
