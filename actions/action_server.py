"""The action server: Rasa SDK's, with its edges made safe for a public service.

Started by ``python -m actions.action_server --port N`` (tools/services.py, ``make run``).
Only the Rasa server on the same machine calls it (endpoints.yml), so:
- it listens on 127.0.0.1 only: nobody else can call an action with a forged conversation
  (``rasa run actions`` listens on every interface);
- no CORS headers: no browser has business here;
- a bad request gets a French JSON answer, never a server error: invalid JSON or a call
  of the wrong shape 400, an unknown action 404;
- an unexpected failure of an action answers 500 with a French message and the action's
  name. The SDK's own handler sends the whole request back, conversation included, and
  logs it; this one keeps the conversation out of both (the log names the error's type
  and our line it came from, not its message, which may quote the person);
- a tracker Rasa would never send (an object in a slot, a list slot holding numbers, a
  message text that is not text…) is refused with 400 before any action sees it.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import traceback
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.settings import ROOT

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
NOT_JSON = "Le corps de la requête doit être du JSON valide."
NOT_A_CALL = ("Appel d'action invalide : il faut un objet avec « next_action » (texte) et "
              "« tracker » (objet avec « sender_id »).")
FAILED = "L'action « {name} » a échoué. L'erreur est dans le journal du serveur d'actions."
UNKNOWN = "Aucune action ne porte ce nom."
WRONG_TYPE = "Appel d'action invalide : « tracker.{part} » n'a pas le type attendu."

_SCALAR = (str, int, float, bool)


def _error(status: int, message: str, **extra: Any) -> HTTPResponse:
    return response.json({"error": message, **extra}, status=status)


def _is(value: Any, types: tuple[type, ...]) -> bool:
    if value is None:
        return True
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types) and (not isinstance(value, float) or math.isfinite(value))


def _slot_ok(value: Any, kind: str) -> bool:
    """Whether Rasa could send this value for a slot of this type. Slot mappings store the
    raw text before the form validates it (a bool slot may hold "oui" for a moment), so
    scalar slots take any scalar; list slots (ours all hold texts) take lists of texts."""
    if kind == "any":
        return True
    if kind == "list":
        return value is None or (isinstance(value, list)
                                 and all(isinstance(item, str) for item in value))
    return _is(value, _SCALAR)


def _message_problem(message: Any) -> str | None:
    if message is None:
        return None
    if not isinstance(message, dict) or not _is(message.get("text"), (str,)):
        return "latest_message"
    intent = message.get("intent") or {}
    if not isinstance(intent, dict) or not _is(intent.get("name"), (str,)) \
            or not _is(intent.get("confidence"), (int, float)):
        return "latest_message.intent"
    entities = message.get("entities") or []
    if not isinstance(entities, list) or not all(
            isinstance(e, dict) and isinstance(e.get("entity"), str) for e in entities):
        return "latest_message.entities"
    return None


def _tracker_problem(tracker: dict[str, Any], slot_types: Mapping[str, str]) -> str | None:
    """The first part of a tracker that Rasa would never send as it is, if any."""
    if not isinstance(tracker.get("sender_id"), str):
        return "sender_id"
    slots = tracker.get("slots") or {}
    if not isinstance(slots, dict):
        return "slots"
    for name, value in slots.items():
        if not _slot_ok(value, slot_types.get(name, "any")):
            return f"slots.{name}"
    events = tracker.get("events") or []
    if not isinstance(events, list) or not all(
            isinstance(e, dict) and isinstance(e.get("event"), str) for e in events):
        return "events"
    if not isinstance(tracker.get("active_loop") or {}, dict):
        return "active_loop"
    if not _is(tracker.get("latest_action_name"), (str,)):
        return "latest_action_name"
    return _message_problem(tracker.get("latest_message"))


def read_call(body: bytes, deflated: bool,
              slot_types: Mapping[str, str]) -> dict[str, Any] | str:
    """The action call in a request body, or the French reason it is not one.

    ``slot_types`` maps each slot of the domain to its type (text, float, list…): a value
    Rasa could not send for that type (an object, a list in a text slot, a list of numbers)
    is refused here rather than met by an action that cannot expect it."""
    try:
        call = json.loads(zlib.decompress(body) if deflated else body)
    except (ValueError, zlib.error):
        return NOT_JSON
    if not isinstance(call, dict):
        return NOT_A_CALL
    name, tracker = call.get("next_action"), call.get("tracker")
    if not isinstance(name, str) or not name or not isinstance(tracker, dict) \
            or not isinstance(call.get("domain") or {}, dict):
        return NOT_A_CALL
    problem = _tracker_problem(tracker, slot_types)
    if problem:
        return WRONG_TYPE.format(part=problem)
    return call


def slot_types(domain_file: Path) -> dict[str, str]:
    domain = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    return {name: str(slot.get("type", "any")) for name, slot in
            (domain.get("slots") or {}).items()}


def _name_in(body: bytes) -> str:
    """The action named in a call that was refused, when it can be read."""
    try:
        name = json.loads(body).get("next_action")
    except (ValueError, AttributeError):
        return ""
    return name if isinstance(name, str) else ""


def _where(error: BaseException) -> str:
    """The type of an error and the line of ours it came from, without its message (which
    may quote what a person wrote)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/actions/" in f.filename]
    place = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return type(error).__name__ + place


def create_app(package: str = "actions.registry", domain_file: Path | None = None) -> Sanic:
    from rasa_sdk.executor import ActionExecutor
    from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

    app = Sanic("seconde_chance_actions", configure_logging=False)
    executor = ActionExecutor()
    executor.register_package(package)
    types = slot_types(domain_file or ROOT / "domain.yml")

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/actions")
    async def actions(_: Request) -> HTTPResponse:
        return response.json([{"name": name} for name in executor.actions])

    @app.post("/webhook")
    async def webhook(request: Request) -> HTTPResponse:
        call = read_call(request.body, request.headers.get("Content-Encoding") == "deflate",
                         types)
        if isinstance(call, str):
            # Rasa reads "action_name" in every 400 (a rejection of the action)
            return _error(400, call, action_name=_name_in(request.body))
        name = call["next_action"]
        try:
            result = await executor.run(call)
        except ActionNotFoundException:
            return _error(404, UNKNOWN, action_name=name)
        except ActionExecutionRejection as rejection:
            return _error(400, rejection.message, action_name=name)
        except Exception as error:
            logger.error("L'action %s a échoué : %s", name, _where(error))
            return _error(500, FAILED.format(name=name), action_name=name)
        return response.json(result)

    @app.exception(Exception)
    async def anything_else(request: Request, exception: Exception) -> HTTPResponse:
        status = getattr(exception, "status_code", 500)
        if status == 404:
            return _error(404, "Adresse inconnue.")
        if status == 405:
            return _error(405, "Méthode non permise pour cette adresse.")
        if status < 500:
            return _error(status, "Requête invalide.")
        logger.error("Erreur du serveur d'actions (%s)", type(exception).__name__)
        return _error(500, "Erreur interne du serveur d'actions.")

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serveur d'actions de Seconde Chance")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--actions", default="actions.registry")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    create_app(args.actions).run(HOST, args.port, access_log=False, workers=1)


if __name__ == "__main__":
    main()
