"""Bad input never breaks anything: over the REST and socket.io channels, Rasa's HTTP API and
the action server, a clear French answer, no server error, and the conversation goes on.
(The console's own bad-input tests are in tests/test_console.py.)"""

from __future__ import annotations

import json
import os
import random
import urllib.error
import urllib.request
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actions import action_server, api_guard
from actions.rest_channel import EMPTY, TOO_FAST, TOO_LONG, RateLimiter, clean
from actions.settings import ROOT
from actions.socket_channel import BAD_SESSION, NOT_TEXT
from tests.socket_person import SocketPerson


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
@pytest.mark.e2e
async def test_bad_input_over_socketio_is_answered_in_french(stack):
    person = SocketPerson()
    await person.open(stack.rasa_url)
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
    await person.connect(stack.rasa_url)
    for _ in range(30):
        await person.client.emit("user_uttered", {"session_id": person.session,
                                                  "message": "merci"})
    await person.say("merci")
    # the 31st message of the minute gets the polite refusal, whenever the answers to the
    # first 30 arrive around it (their order depends on how busy the server is)
    await person.wait_for(TOO_FAST, timeout=60)
    assert [m.get("text") for m in person.received].count(TOO_FAST) == 1
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


# --- Rasa's HTTP API (actions/api_guard.py) and the action server (actions/action_server.py)
def _http(method: str, url: str, body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "expected"),
    [
        ("POST", "/model/parse", b'{"text": "bonjour"}', None, None),
        ("POST", "/model/parse", None, 400, api_guard.NOT_JSON),
        ("POST", "/model/parse", b"{pas du json", 400, api_guard.NOT_JSON),
        ("POST", "/model/parse", b"[1, 2]", 400, api_guard.NOT_JSON),
        ("POST", "/model/parse", b'{"text": 5}', 400, api_guard.BAD_TEXT),
        ("POST", "/model/parse", b'{"text": "   "}', 400, api_guard.BAD_TEXT),
        ("POST", "/model/parse", json.dumps({"text": "a" * 2001}).encode(), 400,
         api_guard.BAD_TEXT),
        ("POST", "/model/parse", '{"text": "salut"}'.encode("utf-16"), 400, api_guard.NOT_JSON),
        ("POST", "/conversations/x/messages", b'{"text": "salut", "sender": "user"}', 403,
         api_guard.CLOSED),
        ("POST", "/conversations/x/tracker", b"{}", 403, api_guard.CLOSED),
        ("POST", "//model/train", b"{}", 403, api_guard.CLOSED),
        ("GET", "/model/parse/", None, 403, api_guard.CLOSED),
        ("GET", "/conversations/" + "a" * 129 + "/tracker", None, 400, api_guard.BAD_ID),
        ("GET", "/conversations/x/tracker", None, None, None),
        ("PUT", "/conversations/x/tracker/events", b"[]", 403, api_guard.CLOSED),
        ("POST", "/conversations/x/execute", b'{"name": "action_distress"}', 403,
         api_guard.CLOSED),
        ("POST", "/model/train", b"{}", 403, api_guard.CLOSED),
        ("PUT", "/model", b'{"model_file": "/etc/passwd"}', 403, api_guard.CLOSED),
        ("DELETE", "/model", None, 403, api_guard.CLOSED),
        ("GET", "/domain", None, 403, api_guard.CLOSED),
    ],
)
def test_check_of_rasa_api_requests(method, path, body, status, expected):
    refused = api_guard.check(method, path, body or b"")
    assert refused == (None if status is None else (status, expected))


def test_webhooks_and_status_are_not_the_guards_business():
    assert api_guard.check("POST", "/webhooks/rest/webhook", b"{") is None
    assert api_guard.check("GET", "/status", b"") is None


@pytest.mark.e2e
def test_rasa_http_api_answers_bad_input_in_french_and_goes_on(stack):
    token = f"?token={stack.token}"
    cases = [
        ("POST", "/model/parse" + token, b"{pas du json", 400, api_guard.NOT_JSON),
        ("POST", "/model/parse" + token, b'{"text": ["a"]}', 400, api_guard.BAD_TEXT),
        ("POST", "/conversations/abc/messages" + token,
         b'{"text": "x", "sender": "user", "parse_data": {"intent": {"name": "affirm"}}}',
         403, api_guard.CLOSED),
        ("DELETE", "/model" + token, None, 403, api_guard.CLOSED),
        ("POST", "/conversations/abc/tracker/events" + token, b'{"event": "x"}', 403,
         api_guard.CLOSED),
        ("GET", "/conversations/abc/tracker", None, 401, api_guard.NO_TOKEN),
        ("GET", "/conversations/abc/tracker?token=faux", None, 401, api_guard.NO_TOKEN),
        ("GET", "/adresse/inconnue", None, 404, api_guard.NOT_FOUND),
        ("PUT", "/status", b"{}", 405, api_guard.BAD_METHOD),
    ]
    for method, path, body, status, expected in cases:
        assert _http(method, stack.rasa_url + path, body) == (status, {"error": expected}), path
    # the model is still loaded, and a conversation can be read but was not written to
    code, parsed = _http("POST", f"{stack.rasa_url}/model/parse{token}",
                         json.dumps({"text": "jveux plus vivre"}).encode())
    assert code == 200 and parsed["intent"]["name"] == "distress"
    code, tracker = _http("GET", f"{stack.rasa_url}/conversations/abc/tracker{token}")
    assert code == 200 and not [e for e in tracker["events"] if e["event"] == "user"]


def _call(**tracker: Any) -> bytes:
    """An action call whose tracker has these parts (and sender "x" unless given)."""
    return json.dumps({"next_action": "action_distress",
                       "tracker": {"sender_id": "x", **tracker}}).encode()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{pas du json", action_server.NOT_JSON),
        (b'"texte"', action_server.NOT_A_CALL),
        (b'{"tracker": {"sender_id": "x"}}', action_server.NOT_A_CALL),
        (b'{"next_action": "action_distress", "tracker": []}', action_server.NOT_A_CALL),
        (_call(sender_id=5), action_server.WRONG_TYPE.format(part="sender_id")),
        (_call(slots={"age": {"a": 1}}), action_server.WRONG_TYPE.format(part="slots.age")),
        (_call(slots={"urgent": [1]}), action_server.WRONG_TYPE.format(part="slots.urgent")),
        (_call(slots={"commune": float("inf")}),
         action_server.WRONG_TYPE.format(part="slots.commune")),
        (_call(slots={"search_types": [1]}),
         action_server.WRONG_TYPE.format(part="slots.search_types")),
        (_call(events=[3]), action_server.WRONG_TYPE.format(part="events")),
        (_call(latest_message={"text": 5}),
         action_server.WRONG_TYPE.format(part="latest_message")),
        (_call(latest_message={"text": "a", "entities": [{"value": 1}]}),
         action_server.WRONG_TYPE.format(part="latest_message.entities")),
    ],
)
def test_action_calls_rasa_would_never_send_are_refused(body, expected):
    types = {"age": "float", "urgent": "bool", "search_types": "list", "commune": "text"}
    assert action_server.read_call(body, False, types) == expected


def test_a_proper_action_call_is_read():
    # a bool slot may hold the raw answer until the form validates it
    call = {"next_action": "action_distress",
            "tracker": {"sender_id": "x", "slots": {"age": 17.0, "urgent": "oui"},
                        "latest_message": {"text": "aide", "intent": {"name": "distress"},
                                           "entities": []}, "events": []}}
    assert action_server.read_call(zlib.compress(json.dumps(call).encode()), True,
                                   {"age": "float", "urgent": "bool"}) == call


def _listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP port is listened on, read from the kernel's table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.e2e
def test_action_server_answers_bad_calls_in_french_and_only_on_loopback(stack):
    url = f"http://127.0.0.1:{stack.actions_port}"
    assert _listening_addresses(stack.actions_port) == {"0100007F"}  # 127.0.0.1 only
    assert _http("POST", f"{url}/webhook", b"{pas du json") == (
        400, {"error": action_server.NOT_JSON, "action_name": ""})
    assert _http("POST", f"{url}/webhook", _call(slots={"age": [1]})) == (
        400, {"error": action_server.WRONG_TYPE.format(part="slots.age"),
              "action_name": "action_distress"})
    assert _http("POST", f"{url}/webhook",
                 b'{"next_action": "action_inconnue", "tracker": {"sender_id": "x"}}') == (
        404, {"error": action_server.UNKNOWN, "action_name": "action_inconnue"})
    assert _http("GET", f"{url}/nulle/part") == (404, {"error": "Adresse inconnue."})
    # and it still runs actions for the Rasa server
    sender = uuid.uuid4().hex
    code, answer = _say(stack, sender, "c quoi une mission locale")
    assert code == 200 and "mission locale" in answer[0]["text"].lower()


@pytest.fixture(scope="module")
def own_action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An action server of its own, on its own Redis keys, so that the calls below (some
    put a conversation in the queue) stay out of the other tests' way."""
    from tests.conftest import STACK_ENV
    from tools.services import free_port, start_action_server

    port = free_port()
    env = {**os.environ, **STACK_ENV,
           "HANDOFF_KEY_PREFIX": STACK_ENV["HANDOFF_KEY_PREFIX"] + ":fuzz"}
    service = start_action_server(port, env, tmp_path_factory.mktemp("fuzz-logs"))
    yield f"http://127.0.0.1:{port}"
    service.stop()


def _random_call(rng: random.Random, action: str, types: dict[str, str]) -> dict[str, Any]:
    """An action call Rasa could send (every slot holds a value its type allows), filled
    with odd values: empty or long texts, numbers where words are expected, unknown names."""
    odd_texts = ["", "   ", "x" * 3000, "<script>alert(1)</script>", "75", "2A", "😭", "zz",
                 "Paris (75)", "jveux mourir", "oui", "dix"]
    scalars: list[Any] = [None, True, False, 0, -1, 17, 2.5, 1e12, *odd_texts]
    lists: list[Any] = [None, [], ["cio", "e2c"], ["inconnu"], ["Paris (75)", ""]]
    slots = {name: rng.choice(lists if kind == "list" else scalars)
             for name, kind in types.items()}
    entities = rng.choice([[], [{"entity": "age", "value": "abc"}],
                           [{"entity": "structure_type", "value": 5}],
                           [{"entity": "latitude", "value": "x"}, {"entity": "longitude"}],
                           [{"entity": "code_postal", "value": "99999"}]])
    message = {"text": rng.choice([None, *odd_texts]), "entities": entities,
               "intent": rng.choice([{}, {"name": "distress", "confidence": 0.9},
                                     {"name": "inconnue", "confidence": -3}])}
    return {"next_action": action, "domain": {},
            "tracker": {"sender_id": uuid.uuid4().hex, "slots": slots,
                        "latest_message": message, "events": [],
                        "active_loop": rng.choice([{}, {"name": "triage_form"}]),
                        "latest_action_name": rng.choice([None, "action_listen"])}}


@pytest.mark.e2e
def test_no_action_fails_on_any_call_rasa_could_send(own_action_server):
    types = action_server.slot_types(ROOT / "domain.yml")
    actions = [a["name"] for a in _http("GET", f"{own_action_server}/actions")[1]]
    assert len(actions) >= 15
    rng = random.Random(20261130)
    failures = []
    for action in actions:
        for _ in range(15):
            call = _random_call(rng, action, types)
            code, answer = _http("POST", f"{own_action_server}/webhook",
                                 json.dumps(call).encode())
            if code != 200:
                failures.append((action, code, answer, call["tracker"]["slots"]))
    assert not failures, failures[:3]


@pytest.mark.e2e
def test_the_widget_pages_answer_bad_requests_in_french(stack):
    for method, path, status, words in [
        ("GET", "/../../etc/passwd", 404, "Page introuvable."),
        ("GET", "/widget.js%00.html", 404, "Page introuvable."),
        ("GET", "/" + "a" * 5000, 404, "Page introuvable."),
        ("POST", "/", 405, "Méthode non permise"),
        ("DELETE", "/config.json", 405, "Méthode non permise"),
    ]:
        request = urllib.request.Request(stack.web_url.rstrip("/") + path, method=method,
                                         data=b"{" if method == "POST" else None)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == status, path
        assert refused.value.read().decode().startswith(words), path
