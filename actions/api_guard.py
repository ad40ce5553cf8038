"""Rasa's HTTP API, narrowed and guarded (loaded by the Rasa server, declared as a channel in
credentials.yml: Rasa offers no other way to reach its web application).

Rasa's API sits behind its token (``--auth-token``). Still, a token that leaks should not
let anyone retrain, unload or replace the model, or rewrite a conversation, and bad input
should get a clear French answer rather than a server error (Rasa answers invalid JSON or
a text of the wrong type on ``/model/parse`` with a 500). So:
- only what the service and its operators use stays open: ``/``, ``/version``, ``/status``,
  reading a conversation (``GET /conversations/<id>/tracker``) and ``POST /model/parse``;
  every other route of Rasa's API answers 403 in French (posting a message with
  ``/conversations/<id>/messages`` would let a leaked token write into someone's
  conversation and choose its intent, past the safety net);
- the body of ``/model/parse`` is checked first: UTF-8 JSON, an object, ``text`` a text of
  at most MAX_TEXT characters; otherwise 400 in French;
- a conversation id longer than MAX_ID characters or holding control characters: 400;
- an unknown address or method: 404 or 405 in French; a missing or wrong token: Rasa's
  401 or 403, said in French; any server error of the API: a French 500 that does not
  repeat Rasa's internal message.
The token is still checked by Rasa on every open route.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import MethodNotSupported, NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_TEXT = 2000
MAX_ID = 128

CLOSED = "Cette fonction de l'API de Rasa est fermée sur ce service."
NOT_JSON = "Le corps de la requête doit être un objet JSON."
BAD_TEXT = f"« text » doit être un texte de 1 à {MAX_TEXT} caractères."
BAD_ID = (f"L'identifiant de conversation doit faire au plus {MAX_ID} caractères, sans "
          "caractère de contrôle.")
NOT_FOUND = "Adresse inconnue."
BAD_METHOD = "Méthode non permise pour cette adresse."
NO_TOKEN = "Jeton d'accès manquant ou invalide : ajoutez ?token=… (RASA_TOKEN)."
SERVER_ERROR = "Erreur interne du serveur de l'assistant. Réessayez dans un instant."

_API = re.compile(r"^/(?:model|conversations|domain)(?:/|$)")
_CONVERSATION = re.compile(r"^/conversations/(.+)/tracker$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def check(method: str, path: str, body: bytes) -> tuple[int, str] | None:
    """Why a request to Rasa's API is refused (status and French message), or None."""
    path = re.sub(r"/{2,}", "/", path)  # "//model/train" is still the API
    if not _API.match(path):
        return None  # channels, /status, /version…: not this guard's business
    if path == "/model/parse" and method == "POST":
        return _check_body(body)
    found = _CONVERSATION.match(path)
    if not found or method != "GET":
        return 403, CLOSED
    conversation = found.group(1)
    if len(conversation) > MAX_ID or _CONTROL.search(conversation):
        return 400, BAD_ID
    return None


def _check_body(body: bytes) -> tuple[int, str] | None:
    try:
        payload = json.loads((body or b"").decode("utf-8"))  # strict UTF-8, as Rasa reads it
    except (UnicodeDecodeError, ValueError):
        return 400, NOT_JSON
    if not isinstance(payload, dict):
        return 400, NOT_JSON
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        return 400, BAD_TEXT
    return None


async def _guard(request: Request) -> HTTPResponse | None:
    refused = check(request.method, request.path, request.body)
    return _error(*refused) if refused else None


async def _in_french(request: Request, answer: HTTPResponse) -> HTTPResponse:
    """Rasa's own refusals of the token, and any server error, said in French."""
    if not _API.match(request.path) and request.path != "/status":
        return answer
    if answer.status >= 500:
        return _error(500, SERVER_ERROR)
    if answer.status in (401, 403) and b'"status":"failure"' in (answer.body or b""):
        return _error(answer.status, NO_TOKEN)
    return answer


def _not_found(_request: Request, _error_: Exception) -> HTTPResponse:
    return _error(404, NOT_FOUND)


def _bad_method(_request: Request, _error_: Exception) -> HTTPResponse:
    return _error(405, BAD_METHOD)


def install(app: Any) -> None:
    """Adds the guard to the Rasa server's web application (before it starts serving)."""
    app.register_middleware(_guard, "request")
    app.register_middleware(_in_french, "response")
    app.error_handler.add(NotFound, _not_found)
    app.error_handler.add(MethodNotSupported, _bad_method)


class GuardedHttpApi(InputChannel):
    """Not a channel people talk through: the hook that installs the guard."""

    @classmethod
    def name(cls) -> str:
        return "api_guard"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("api_guard", __name__)

        @hook.listener("before_server_start")
        async def guard(app: Any, _loop: Any) -> None:
            install(app)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        return hook
