"""Shared fixtures: the gazetteer, the domain, fresh trackers, Redis and the running stack."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.geo.gazetteer import Gazetteer
from actions.geo.store import get_gazetteer
from actions.places.search import StructureIndex
from actions.places.store import get_structure_index
from actions.settings import ROOT, get_settings

FORM = "triage_form"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    path = get_settings().gazetteer_path
    if not path.is_file():
        pytest.fail(f"{path} manque : lancez « make data » (les tests en ont besoin).")
    return get_gazetteer()


@pytest.fixture(scope="session")
def structure_index() -> StructureIndex:
    path = get_settings().build_dir / "structures.json.gz"
    if not path.is_file():
        pytest.fail(f"{path} manque : lancez « make data » (les tests en ont besoin).")
    return get_structure_index()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    with (ROOT / "domain.yml").open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


TrackerFactory = Callable[..., Tracker]


@pytest.fixture
def make_tracker() -> TrackerFactory:
    """Builds a fresh tracker the way Rasa sends it to the form's validation action.

    ``text``/``intent``: the latest message. ``slots``: the slots already filled.
    ``before``: events before the message (default: the form asked ``requested``).
    ``after``: events after the message and before the form runs (a rule's actions).
    ``in_form``: the tracker ends with the form's own action, as Rasa sends it.
    """

    def build(
        text: str,
        intent: str = "inform",
        *,
        slots: dict[str, Any] | None = None,
        requested: str | None = None,
        active: bool = True,
        activating: bool = False,
        after: list[dict[str, Any]] | None = None,
        entities: list[dict[str, Any]] | None = None,
        in_form: bool = True,
    ) -> Tracker:
        slots = dict(slots or {})
        if requested:
            slots["requested_slot"] = requested
        parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
                 "text": text}
        events: list[dict[str, Any]] = [
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": text, "parse_data": parse},
        ]
        events += after or []
        if activating:
            events.append({"event": "active_loop", "name": FORM})
        if in_form:
            events.append({"event": "slot", "name": "requested_slot", "value": requested})
            events.append({"event": "action", "name": FORM})
        loop = {"name": FORM, "is_interrupted": False, "rejected": False} if active else {}
        return Tracker(
            sender_id="test",
            slots=slots,
            latest_message=parse,
            events=events,
            paused=False,
            followup_action=None,
            active_loop=loop,
            latest_action_name=FORM if in_form else "action_listen",
        )

    return build


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """REDIS_URL when set, else an embedded Redis started for the tests."""
    from tools.services import start_redis

    target = start_redis(tmp_path_factory.mktemp("redis"), os.environ.get("REDIS_URL") or None)
    yield target.url
    if target.service is not None:
        target.service.stop()


class Clock:
    """A clock the tests move by hand."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def fresh_redis(redis_url: str) -> Any:
    """A Redis client and a key prefix of its own for this test; its keys are removed."""
    import uuid

    from redis.asyncio import Redis

    from handoff.keys import Keys

    client = Redis.from_url(redis_url)
    keys = Keys(prefix=f"test:{uuid.uuid4().hex}")
    yield client, keys
    async for key in client.scan_iter(match=f"{keys.prefix}:*"):
        await client.delete(key)
    await client.close()


class SmtpSink:
    """A local SMTP server that keeps what it receives (stands in for the mail server)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Any] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                import email

                sink.messages.append(email.message_from_bytes(envelope.content))
                return "250 OK"

        from tools.services import free_port

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture
async def console(fresh_redis: Any, redis_url: str, smtp_sink: SmtpSink) -> Any:
    """The console application on a real Redis (a key prefix of its own), with two
    counsellors and a supervisor, and the local SMTP sink as its mail server."""
    import dataclasses

    from aiohttp import CookieJar
    from aiohttp.test_utils import TestClient, TestServer

    from handoff.console.app import make_app
    from handoff.console.auth import Accounts

    client, keys = fresh_redis
    settings = dataclasses.replace(
        get_settings(), redis_url=redis_url, handoff_prefix=keys.prefix, smtp_host="127.0.0.1",
        smtp_port=smtp_sink.port, smtp_starttls=False, smtp_from="sc@example.org",
        capacity=3)
    accounts = Accounts(client, keys)
    for login, role in (("alice", "counsellor"), ("bob", "counsellor"), ("sam", "supervisor")):
        await accounts.create(login, login.capitalize(), role, PASSWORD)
    server = TestServer(make_app(settings))
    clients: list[TestClient] = []

    async def new_client() -> TestClient:
        test_client = TestClient(server, cookie_jar=CookieJar(unsafe=True))
        await test_client.start_server()
        clients.append(test_client)
        return test_client

    yield ConsoleEnv(client, keys, settings, new_client, smtp_sink)
    for test_client in clients:
        await test_client.close()
    await server.close()


PASSWORD = "un-mot-de-passe-assez-long"


@dataclass
class ConsoleEnv:
    redis: Any
    keys: Any
    settings: Any
    new_client: Callable[[], Any]
    smtp: SmtpSink

    async def signed_in(self, login: str) -> tuple[Any, dict[str, str]]:
        """A client signed in as ``login``, and the headers its writes need (CSRF)."""
        client = await self.new_client()
        response = await client.post("/api/signin", json={"login": login,
                                                          "password": PASSWORD})
        assert response.status == 200, await response.text()
        me = await response.json()
        return client, {"X-CSRF-Token": me["csrf"]}


# the stack's live chat: its own key prefix, and opening hours that make the tests
# independent of when they run (a labelled fixture, not the real hours)
STACK_ENV = {"HANDOFF_KEY_PREFIX": f"test:stack:{secrets.token_hex(4)}",
             "HOURS_FILE": str(ROOT / "tests" / "fixtures" / "hours_always_open.yml")}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, driven by Playwright. One per test module: Playwright's
    synchronous API keeps an event loop running while it is open, which the asyncio tests
    of other modules could not then use."""
    import shutil

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium manque : .ci/run installe le paquet Debian chromium.")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def stack_accounts(stack: Any) -> dict[str, str]:
    """Console accounts in the stack's Redis: login → password."""
    import asyncio

    from redis.asyncio import Redis

    from handoff.console.auth import Accounts
    from handoff.keys import Keys

    async def create() -> None:
        client = Redis.from_url(stack.redis.url)
        accounts = Accounts(client, Keys(STACK_ENV["HANDOFF_KEY_PREFIX"]))
        await accounts.create("alice", "Alice", "counsellor", PASSWORD)
        await accounts.create("sam", "Sam", "supervisor", PASSWORD)
        await client.close()

    asyncio.run(create())
    return {"alice": PASSWORD, "sam": PASSWORD}


MESSENGER = {"FACEBOOK_VERIFY_TOKEN": "jeton-de-test", "FACEBOOK_APP_SECRET": "secret-de-test",
             "FACEBOOK_PAGE_ACCESS_TOKEN": "page-token-de-test"}


@pytest.fixture(scope="session")
def fake_graph() -> Iterator[Any]:
    """A local fake of Facebook's Graph API, which the stack's Messenger channel calls."""
    from tests.fake_graph import FakeGraph

    fake = FakeGraph()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, fake_graph: Any) -> Iterator[Any]:
    """The real Redis, action server and Rasa server (and the web page), with the trained
    model; the Messenger channel is configured against the fake Graph API."""
    from tools.services import MODEL, start_stack

    if not Path(MODEL).is_file():
        pytest.fail(f"{MODEL} manque : lancez « make model » avant les tests de bout en bout.")
    saved = {name: os.environ.get(name) for name in [*MESSENGER, "FACEBOOK_GRAPH_URL"]}
    os.environ.update({**MESSENGER, "FACEBOOK_GRAPH_URL": fake_graph.url})
    running = start_stack(
        tmp_path_factory.mktemp("stack-logs"),
        token=secrets.token_hex(16),
        redis_url=os.environ.get("REDIS_URL") or None,
        extra_env=STACK_ENV,
    )
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    yield running
    running.stop()
