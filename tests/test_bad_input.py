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
