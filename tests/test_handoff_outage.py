"""Restarts and outages, on a stack of its own (its own embedded Redis, which the test stops):
- the Rasa server and the console restarted in the middle of a live chat: no message and
  no place in the queue is lost, the counsellor's session survives;
- Redis stopped: the assistant still answers everything else, says the live chat is
  unavailable and gives the free number; Redis back: the live chat works again."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from handoff.console.auth import Accounts
from handoff.keys import Keys
from tests.conftest import PASSWORD, STACK_ENV
from tests.socket_person import SocketPerson
from tools.services import MODEL, start_console, start_rasa_server, start_redis, start_stack

pytestmark = pytest.mark.e2e
PREFIX = STACK_ENV["HANDOFF_KEY_PREFIX"] + ":outage"


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(MODEL).is_file():
        pytest.fail(f"{MODEL} manque : lancez « make model ».")
    logs = tmp_path_factory.mktemp("outage-logs")
    running = start_stack(logs, token=secrets.token_hex(16), redis_url=None,
                          extra_env={**STACK_ENV, "HANDOFF_KEY_PREFIX": PREFIX})
    yield running
    running.stop()


def rest(stack: Any, sender: str, text: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json.dumps({"sender": sender, "message": text}).encode(),
        {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return list(json.loads(response.read()))


def restart(stack: Any, name: str) -> None:
    index = next(i for i, s in enumerate(stack.services) if s.name == name)
    stack.services[index].stop()
    if name == "rasa":
        service = start_rasa_server(stack.rasa_port, stack.env, stack.logs, stack.token)
    else:
        service = start_console(stack.console_port, stack.env, stack.logs)
    stack.services[index] = service


async def test_restarting_rasa_and_the_console_loses_nothing(own_stack):
    stack = own_stack
    redis = Redis.from_url(stack.redis.url)
    keys = Keys(PREFIX)
    await Accounts(redis, keys).create("alice", "Alice", "counsellor", PASSWORD)
    first, second = SocketPerson(), SocketPerson()
    for person in (first, second):
        await person.connect(stack.rasa_url)
        await person.say("je veux parler a un conseiller")
        await person.wait_for("Je vous mets en relation")
    assert [m.decode() for m in await redis.zrange(keys.queue, 0, -1)] == [
        first.session, second.session]

    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    signin = await http.post(f"{stack.console_url}api/signin",
                             json={"login": "alice", "password": PASSWORD})
    headers = {"X-CSRF-Token": (await signin.json())["csrf"]}
    claimed = await http.post(f"{stack.console_url}api/claim", json={"conv": first.session},
                              headers=headers)
    assert claimed.status == 200

    # the Rasa server goes down; the counsellor writes meanwhile
    await first.client.disconnect()
    await second.client.disconnect()
    await asyncio.to_thread(lambda: stack.services[[s.name for s in stack.services]
                                                   .index("rasa")].stop())
    sent = await http.post(f"{stack.console_url}api/conv/{first.session}/send",
                           json={"text": "Je suis là, on continue dès que possible."},
                           headers=headers)
    assert sent.status == 200
    await asyncio.to_thread(restart, stack, "rasa")
    await asyncio.to_thread(restart, stack, "console")

    # the person comes back: the message written while Rasa was down arrives
    back = SocketPerson()
    back.session = first.session
    await back.connect(stack.rasa_url, last="0-0")
    message = await back.wait_for("on continue dès que possible")
    assert message["metadata"]["counsellor"] == "Alice"
    await back.say("merci, me revoila")
    # the console restarted too: same session cookie, same conversation, the new message
    deadline = time.monotonic() + 10
    texts: list[str] = []
    while "merci, me revoila" not in texts and time.monotonic() < deadline:
        view = await http.get(f"{stack.console_url}api/conv/{first.session}")
        assert view.status == 200
        texts = [m["text"] for m in (await view.json())["messages"]]
        await asyncio.sleep(0.2)
    assert texts[-2:] == ["Je suis là, on continue dès que possible.", "merci, me revoila"]
    # the second person kept their place (now the first)
    assert [m.decode() for m in await redis.zrange(keys.queue, 0, -1)] == [second.session]
    await back.client.disconnect()
    await http.close()
    await redis.close()


def test_redis_down_then_back(own_stack):
    stack = own_stack
    port = stack.redis.port
    stack.redis.service.stop()
    try:
        answer = rest(stack, "outage-person", "c quoi l'epide")
        assert "EPIDE" in answer[0]["text"]
        answer = rest(stack, "outage-person", "je veux parler a un conseiller")
        assert "indisponible" in answer[0]["text"] and "0800 12 25 00" in answer[0]["text"]
    finally:
        stack.redis = start_redis(stack.logs, port=port)
    deadline = time.monotonic() + 20
    while True:  # clients reconnect on their next command
        answer = rest(stack, "outage-person-2", "je veux parler a un conseiller")
        if "Je vous mets en relation" in answer[0]["text"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert "Je vous mets en relation" in answer[0]["text"]
