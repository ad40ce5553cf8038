"""Shared fixtures: the gazetteer, the domain, fresh trackers, Redis and the running stack."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
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
    )
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    yield running
    running.stop()
