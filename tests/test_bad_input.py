"""Bad input over the REST channel never breaks anything: a clear French answer, no server
error, and the conversation goes on."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest

from actions.rest_channel import EMPTY, TOO_FAST, TOO_LONG, RateLimiter, clean
from actions.socket_channel import BAD_SESSION, NOT_TEXT


def test_control_characters_are_removed():
    assert clean("bon\x00jour\x07 \x1b[31m!") == "bonjour !"


def test_rate_limiter():
    now = [0.0]
    limiter = RateLimiter(limit=3, window=60, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    now[0] = 61
    assert limiter.allow("a")


def _post(stack: Any, body: bytes) -> tuple[int, Any]:
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _say(stack: Any, sender: Any, message: Any) -> tuple[int, Any]:
    return _post(stack, json.dumps({"sender": sender, "message": message}).encode())


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (b"{not json", 400, "Le corps de la requête doit être du JSON"),
        (b"[1, 2]", 400, "Le corps doit être un objet JSON."),
        (json.dumps({"sender": 123, "message": "x"}).encode(), 400, "« sender » doit être"),
        (json.dumps({"sender": "a" * 500, "message": "x"}).encode(), 400, "« sender » doit"),
        (json.dumps({"sender": "s", "message": ["x"]}).encode(), 400,
         "« message » doit être un texte."),
    ],
)
def test_malformed_requests_get_a_french_400(stack, body, status, expected):
    code, answer = _post(stack, body)
    assert code == status
    assert answer["error"].startswith(expected)


@pytest.mark.e2e
def test_odd_messages_are_answered_and_the_conversation_goes_on(stack):
    sender = uuid.uuid4().hex
    assert _say(stack, sender, "") == (200, [{"recipient_id": sender, "text": EMPTY}])
    assert _say(stack, sender, "   \n\t ") == (200, [{"recipient_id": sender, "text": EMPTY}])
    for message in ["😭😭😭🙏", "<script>alert(1)</script>", "'; DROP TABLE users; --",
                    "bon\x00jour\x1b[31m", "hello I need help", "ب" * 50]:
        code, answer = _say(stack, sender, message)
        assert code == 200 and answer and all(a.get("text") or a.get("buttons")
                                              for a in answer), (message, answer)
    code, answer = _say(stack, sender, "je suis a rennes " * 6000)
    assert code == 200 and answer[0]["text"] == TOO_LONG
    # nothing lost: the conversation still works
    code, answer = _say(stack, sender, "j'ai 19 ans")
    assert code == 200 and answer


@pytest.mark.e2e
def test_too_many_messages_get_a_polite_answer(stack):
    sender = uuid.uuid4().hex
    answers = [_say(stack, sender, "merci")[1] for _ in range(31)]
    assert answers[-1] == [{"recipient_id": sender, "text": TOO_FAST}]
    assert all(a != [{"recipient_id": sender, "text": TOO_FAST}] for a in answers[:30])


# --- the socket.io channel (the web widget's) --------------------------------------------
class SocketPerson:
    def __init__(self) -> None:
        import socketio

        self.session = uuid.uuid4().hex
        self.received: list[dict[str, Any]] = []
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("bot_uttered", self.received.append)

    async def answers_to(self, payload: Any, event: str = "user_uttered",
                         timeout: float = 20) -> list[dict[str, Any]]:
        import asyncio
        import time

        before = len(self.received)
        await self.client.emit(event, payload)
        deadline = time.monotonic() + timeout
        while len(self.received) == before and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # let the whole answer arrive
        return self.received[before:]


@pytest.mark.e2e
async def test_bad_input_over_socketio_is_answered_in_french(stack):
    person = SocketPerson()
    await person.client.connect(stack.rasa_url, transports=["websocket"])
    bad_session = await person.answers_to({"session_id": "../../etc/passwd"}, "session_request")
    assert bad_session[0]["text"] == BAD_SESSION
    await person.client.emit("session_request", {"session_id": person.session})
    me = person.session
    cases: list[tuple[Any, str]] = [
        ("juste une chaîne", NOT_TEXT),
        ({"message": "bonjour"}, BAD_SESSION),
        ({"session_id": 42, "message": "bonjour"}, BAD_SESSION),
        ({"session_id": me, "message": 42}, NOT_TEXT),
        ({"session_id": me, "message": ["a"]}, NOT_TEXT),
        ({"session_id": me, "message": "   \n "}, EMPTY),
        ({"session_id": me, "message": "je suis a rennes " * 6000}, TOO_LONG),
    ]
    for payload, expected in cases:
        answer = await person.answers_to(payload)
        assert answer and answer[0]["text"] == expected, (payload, answer)
    for message in ["😭😭😭🙏", "<script>alert(1)</script>", "'; DROP TABLE users; --",
                    "bon\x00jour\x1b[31m", "hello I need help", "ب" * 50]:
        answer = await person.answers_to({"session_id": me, "message": message})
        assert answer and all(a.get("text") or a.get("quick_replies") for a in answer), message
    # nothing lost: the conversation goes on
    answer = await person.answers_to({"session_id": me, "message": "c quoi une mission locale"})
    assert "mission locale" in answer[0]["text"].lower()
    await person.client.disconnect()


@pytest.mark.e2e
async def test_too_many_messages_over_socketio(stack):
    person = SocketPerson()
    await person.client.connect(stack.rasa_url, transports=["websocket"])
    await person.client.emit("session_request", {"session_id": person.session})
    for _ in range(30):
        await person.client.emit("user_uttered", {"session_id": person.session,
                                                  "message": "merci"})
    answer = await person.answers_to({"session_id": person.session, "message": "merci"})
    assert any(a["text"] == TOO_FAST for a in answer), answer
    await person.client.disconnect()


@pytest.mark.e2e
def test_logs_keep_no_message_text_and_no_address(stack):
    sender = uuid.uuid4().hex
    secret = f"mon secret {uuid.uuid4().hex[:10]} au 06 12 34 56 78"
    assert _say(stack, sender, secret)[0] == 200
    logs = "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in stack.logs.glob("*.log"))
    assert secret.split()[2] not in logs
    assert "06 12 34 56 78" not in logs
    assert "127.0.0.1 - " not in logs and "remote_addr" not in logs
