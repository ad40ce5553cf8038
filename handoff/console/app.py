"""The counsellors' console: a web application (aiohttp) in front of the Redis queue.

    python -m handoff.console [--port 8090]

Pages: ``/`` (sign-in, queue, conversations, deferred messages) and ``/supervision``
(the day's figures). JSON API under ``/api``; live updates over the ``/ws`` websocket.
Every state-changing request needs the session cookie and the CSRF header; a counsellor
reads and writes only the conversations they hold; every answer is JSON or a static
file, with a strict Content-Security-Policy (messages are shown as text by the page).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from aiohttp import WSMsgType, web
from redis.asyncio import Redis
from redis.exceptions import RedisError

from actions.settings import Settings, get_settings
from handoff.chat import follow
from handoff.console.auth import Accounts, Locked, Session, Throttled, csrf_ok
from handoff.console.mailer import MailNotConfigured, send_reply
from handoff.keys import Keys
from handoff.queue import day_of
from handoff.relay import Relay

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
COOKIE = "sc_console"
MAX_TEXT = 2000
MAX_NOTE = 4000
MAX_BODY = 16 * 1024
OUTCOMES = {
    "oriente_structure": "Orienté vers une structure",
    "information": "Information donnée",
    "rappel": "Rappel prévu",
    "sans_reponse": "Plus de réponse de la personne",
    "autre": "Autre",
}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CONSOLE: web.AppKey[Console] = web.AppKey("console")


def _urgent(state: dict[str, str]) -> bool:
    """Distress: it entered the queue first, or was written while waiting or held."""
    return state.get("priority") == "0" or state.get("distress") == "1"


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _json_error(status: int, message: str) -> web.Response:
    return web.json_response({"erreur": message}, status=status)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """French answers to every error, never a stack trace; security headers everywhere."""
    try:
        response = await handler(request)
    except ApiError as exc:
        response = _json_error(exc.status, exc.message)
    except web.HTTPNotFound:
        response = _json_error(404, "Cette page n'existe pas.")
    except web.HTTPMethodNotAllowed:
        response = _json_error(405, "Méthode non permise sur cette adresse.")
    except web.HTTPRequestEntityTooLarge:
        response = _json_error(413, "Requête trop volumineuse.")
    except web.HTTPException as exc:
        response = _json_error(exc.status, "Requête refusée.")
    except (RedisError, OSError):
        logger.warning("Redis unreachable")
        response = _json_error(503, "Le service est momentanément indisponible (base de "
                                    "données injoignable). Réessayez dans un instant.")
    except Exception:
        logger.exception("unexpected error in the console")
        response = _json_error(500, "Erreur interne du service. Réessayez ; si cela "
                                    "continue, prévenez l'équipe technique.")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if request.path.startswith("/api"):
        response.headers["Cache-Control"] = "no-store"
    return response


class Console:
    def __init__(self, settings: Settings, redis: Redis) -> None:
        self.settings = settings
        self.redis = redis
        self.keys = Keys(settings.handoff_prefix)
        self.accounts = Accounts(redis, self.keys)
        self.relay = Relay(redis, self.keys, settings.conversation_ttl_seconds)
        self.queue = self.relay.queue
        self.chat = self.relay.chat
        self.sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self.tasks: list[asyncio.Task[None]] = []
        self.canned = yaml.safe_load((HERE / "canned.yml").read_text(encoding="utf-8"))

    # --- helpers -------------------------------------------------------------------------

    async def session(self, request: web.Request, *, write: bool = False,
                      supervisor: bool = False) -> Session:
        session = await self.accounts.session(request.cookies.get(COOKIE))
        if session is None:
            raise ApiError(401, "Connectez-vous pour continuer.")
        if write and not csrf_ok(session, request.headers.get("X-CSRF-Token")):
            raise ApiError(403, "Jeton de sécurité (CSRF) absent ou incorrect : rechargez la "
                                "page.")
        if supervisor and not session.supervisor:
            raise ApiError(403, "Cette page est réservée aux superviseurs.")
        await self.relay.heartbeat(session.login)
        return session

    @staticmethod
    async def body(request: web.Request) -> dict[str, Any]:
        try:
            data = json.loads(await request.read() or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "Le corps de la requête doit être du JSON.") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Le corps de la requête doit être un objet JSON.")
        return data

    @staticmethod
    def text_field(data: dict[str, Any], name: str, limit: int, *,
                   required: bool = True) -> str:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise ApiError(400, f"« {name} » doit être un texte.")
        value = "".join(ch for ch in value if ch in "\n\t" or ch >= " ").strip()
        if required and not value:
            raise ApiError(400, f"« {name} » est vide.")
        if len(value) > limit:
            raise ApiError(400, f"« {name} » est trop long ({limit} caractères au plus).")
        return value

    async def held(self, session: Session, conv_id: str) -> dict[str, str]:
        state = await self.queue.state(conv_id)
        if not state:
            raise ApiError(404, "Conversation introuvable (terminée ou effacée).")
        if state.get("counsellor") != session.login:
            raise ApiError(403, "Cette conversation n'est pas la vôtre : prenez-la d'abord "
                                "dans la file.")
        return state

    def conv_id(self, request: web.Request) -> str:
        conv_id = request.match_info["conv"]
        if not 1 <= len(conv_id) <= 128:
            raise ApiError(400, "Identifiant de conversation invalide.")
        return conv_id

    # --- pages and session ---------------------------------------------------------------

    async def page(self, request: web.Request) -> web.StreamResponse:
        name = "supervision.html" if request.path == "/supervision" else "console.html"
        return web.FileResponse(STATIC / name)

    async def sign_in(self, request: web.Request) -> web.Response:
        data = await self.body(request)
        login = self.text_field(data, "login", 40).lower()
        password = data.get("password")
        if not isinstance(password, str) or not password or len(password) > 200:
            raise ApiError(400, "Mot de passe manquant.")
        try:
            session = await self.accounts.sign_in(login, password)
        except Locked:
            raise ApiError(429, "Trop d'essais manqués : ce compte est bloqué pendant 15 "
                                "minutes.") from None
        except Throttled:
            raise ApiError(429, "Trop de tentatives de connexion en ce moment : réessayez "
                                "dans une minute.") from None
        if session is None:
            raise ApiError(401, "Identifiant ou mot de passe incorrect.")
        response = web.json_response({"login": session.login, "name": session.name,
                                      "role": session.role, "csrf": session.csrf})
        response.set_cookie(COOKIE, session.token, httponly=True, samesite="Strict",
                            secure=self.settings.secure_cookies, path="/",
                            max_age=12 * 3600)
        return response

    async def sign_out(self, request: web.Request) -> web.Response:
        session = await self.session(request, write=True)
        await self.accounts.sign_out(session.token)
        response = web.json_response({"ok": True})
        response.del_cookie(COOKIE, path="/")
        return response

    async def me(self, request: web.Request) -> web.Response:
        session = await self.session(request)
        return web.json_response({"login": session.login, "name": session.name,
                                  "role": session.role, "csrf": session.csrf,
                                  "capacity": self.settings.capacity})

    # --- queue and conversations ---------------------------------------------------------

    async def queue_view(self, request: web.Request) -> web.Response:
        session = await self.session(request)
        territoire = request.query.get("territoire", "")
        now = time.time()
        waiting = []
        for conv_id in await self.queue.waiting():
            state = await self.queue.state(conv_id)
            if not state or (territoire and state.get("territoire") != territoire):
                continue
            card = json.loads(state.get("card") or "{}")
            waiting.append({
                "id": conv_id, "territoire": state.get("territoire"),
                "urgent": _urgent(state),
                "attente": round(now - float(state.get("waiting_since", now * 1000)) / 1000),
                "resume": card.get("resume", ""), "canal": state.get("channel", ""),
            })
        mine = []
        for conv_id in sorted(await self.queue.held_by(session.login)):
            state = await self.queue.state(conv_id)
            if state.get("counsellor") == session.login:
                mine.append({"id": conv_id, "territoire": state.get("territoire"),
                             "urgent": _urgent(state)})
        deferred = await self.redis.zcard(self.keys.deferred_index)
        return web.json_response({"attente": waiting, "miennes": mine,
                                  "messages_differes": deferred,
                                  "capacite": self.settings.capacity})

    async def claim(self, request: web.Request) -> web.Response:
        session = await self.session(request, write=True)
        data = await self.body(request)
        conv_id = self.text_field(data, "conv", 128, required=False) or None
        territoire = self.text_field(data, "territoire", 40, required=False) or None
        claim = await self.queue.claim(session.login, conv_id=conv_id, territoire=territoire,
                                       capacity=self.settings.capacity)
        if not claim.ok:
            message = {"capacity": f"Vous suivez déjà {self.settings.capacity} "
                                   "conversations : terminez-en une d'abord.",
                       "empty": "Personne n'attend pour le moment.",
                       "taken": "Un ou une collègue vient de prendre cette conversation."}
            raise ApiError(409, message.get(claim.reason or "", "Impossible de la prendre."))
        assert claim.conv_id
        state = await self.queue.state(claim.conv_id)
        await self.chat.to_person(
            claim.conv_id, state.get("channel", "socketio"),
            f"{session.name}, conseiller·e, a rejoint la conversation.",
            author="assistant")
        await self.chat.notify("queue", claim.conv_id)
        await self.relay.announce_places()
        return web.json_response({"conv": claim.conv_id})

    async def conversation(self, request: web.Request) -> web.Response:
        session = await self.session(request)
        conv_id = self.conv_id(request)
        state = await self.held(session, conv_id)
        history = [m.as_dict() for m in await self.chat.history(conv_id)]
        return web.json_response({
            "id": conv_id, "etat": state.get("state"), "territoire": state.get("territoire"),
            "urgent": _urgent(state),
            "fiche": json.loads(state.get("card") or "{}"), "note": state.get("note", ""),
            "canal": state.get("channel", ""), "messages": history,
            "issues": OUTCOMES})

    async def send(self, request: web.Request) -> web.Response:
        session = await self.session(request, write=True)
        conv_id = self.conv_id(request)
        text = self.text_field(await self.body(request), "text", MAX_TEXT)
        state = await self.held(session, conv_id)
        msg_id = await self.chat.to_person(conv_id, state.get("channel", "socketio"), text,
                                           author="counsellor", name=session.name)
        return web.json_response({"id": msg_id})

    async def note(self, request: web.Request) -> web.Response:
        session = await self.session(request, write=True)
        conv_id = self.conv_id(request)
        text = self.text_field(await self.body(request), "note", MAX_NOTE, required=False)
        await self.held(session, conv_id)
        await self.queue.set_note(conv_id, session.login, text)
        return web.json_response({"ok": True})

    async def close(self, request: web.Request) -> web.Response:
        session = await self.session(request, write=True)
        conv_id = self.conv_id(request)
        outcome = (await self.body(request)).get("outcome")
        if outcome not in OUTCOMES:
            raise ApiError(400, "Choisissez l'issue de la conversation : "
                                + ", ".join(OUTCOMES) + ".")
        await self.held(session, conv_id)
        if await self.queue.close(conv_id, session.login, str(outcome)) != 1:
            raise ApiError(409, "Cette conversation n'est plus la vôtre.")
        await self.relay.after_release(conv_id)
        await self.chat.notify("queue", conv_id)
        return web.json_response({"ok": True})

    async def hand_back(self, request: web.Request) -> web.Response:
        session = await self.session(request, write=True)
        conv_id = self.conv_id(request)
        await self.held(session, conv_id)
        if await self.queue.hand_back(conv_id, session.login) != 1:
            raise ApiError(409, "Cette conversation n'est plus la vôtre.")
        await self.relay.after_release(conv_id)
        await self.chat.notify("queue", conv_id)
        return web.json_response({"ok": True})

    async def canned_view(self, request: web.Request) -> web.Response:
        await self.session(request)
        return web.json_response(self.canned)

    # --- messages left outside opening hours ---------------------------------------------

    async def deferred_list(self, request: web.Request) -> web.Response:
        await self.session(request)
        items = []
        for raw_id in await self.redis.zrange(self.keys.deferred_index, 0, 99):
            item_id = raw_id.decode()
            raw = await self.redis.hgetall(self.keys.deferred(item_id))
            if not raw:
                await self.redis.zrem(self.keys.deferred_index, item_id)
                continue
            fields = {k.decode(): v.decode() for k, v in raw.items()}
            user, _, domain = fields.get("email", "").partition("@")
            items.append({"id": item_id, "texte": fields.get("text", ""),
                          "resume": fields.get("resume", ""),
                          "territoire": fields.get("territoire", ""),
                          "recu": float(fields.get("at", "0")),
                          "email": f"{user[:1]}…@{domain}"})
        return web.json_response(items)

    async def deferred_reply(self, request: web.Request) -> web.Response:
        session = await self.session(request, write=True)
        item_id = request.match_info["item"]
        answer = self.text_field(await self.body(request), "text", MAX_TEXT * 2)
        key = self.keys.deferred(item_id)
        raw = await self.redis.hgetall(key) if len(item_id) <= 64 else {}
        if not raw:
            raise ApiError(404, "Message introuvable (déjà traité ou expiré).")
        fields = {k.decode(): v.decode() for k, v in raw.items()}
        try:
            await send_reply(self.settings, fields["email"], session.name,
                             fields.get("text", ""), answer)
        except MailNotConfigured:
            raise ApiError(503, "L'envoi d'e-mails n'est pas configuré (SMTP_HOST) : le "
                                "message est gardé.") from None
        except OSError as exc:  # smtplib errors are OSErrors
            logger.warning("SMTP failed: %s", type(exc).__name__)
            raise ApiError(502, "Le serveur d'e-mails a refusé l'envoi : le message est "
                                "gardé, réessayez plus tard.") from None
        day = self.keys.stats(day_of(time.time()))
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(key)  # the address is kept only until answered
            pipe.zrem(self.keys.deferred_index, item_id)
            pipe.hincrby(day, "differes_repondus", 1)
            pipe.expire(day, 400 * 86400)
            await pipe.execute()
        return web.json_response({"ok": True})

    # --- supervisor ----------------------------------------------------------------------

    async def stats(self, request: web.Request) -> web.Response:
        await self.session(request, supervisor=True)
        day = request.query.get("jour") or day_of(time.time())
        if len(day) != 10:
            raise ApiError(400, "Jour au format AAAA-MM-JJ.")
        raw = await self.redis.hgetall(self.keys.stats(day))
        counters = {k.decode(): int(v) for k, v in raw.items()}
        waits = [float(x) for x in await self.redis.lrange(self.keys.stats_waits(day), 0, -1)]
        presence = await self.redis.zrangebyscore(
            self.keys.presence, (time.time() - self.settings.grace_seconds) * 1000, "+inf")

        def group(prefix: str) -> dict[str, int]:
            return {k[len(prefix):]: v for k, v in counters.items() if k.startswith(prefix)}

        return web.json_response({
            "jour": day, "en_attente": await self.redis.zcard(self.keys.queue),
            "conseillers_connectes": len(presence),
            "demandes": counters.get("handoffs", 0),
            "attente_mediane_s": round(statistics.median(waits)) if waits else None,
            "prises_en_charge": len(waits),
            "par_territoire": group("territoire:"), "par_issue": group("outcome:"),
            "satisfaction": group("survey:"),
            "differes_en_attente": await self.redis.zcard(self.keys.deferred_index),
            "differes_repondus": counters.get("differes_repondus", 0),
            "libelles_issues": OUTCOMES})

    # --- live updates --------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        session = await self.accounts.session(request.cookies.get(COOKIE))
        origin = request.headers.get("Origin")
        if session is None or (origin and origin.split("://", 1)[-1] != request.host):
            raise ApiError(403, "Connexion refusée.")
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=4096)
        await ws.prepare(request)
        self.sockets[session.login].add(ws)
        await self.relay.heartbeat(session.login)
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    await self.relay.heartbeat(session.login)
                elif message.type == WSMsgType.ERROR:
                    break
        finally:
            self.sockets[session.login].discard(ws)
        return ws

    async def _broadcast(self, logins: list[str], payload: dict[str, Any]) -> None:
        for login in logins:
            for ws in list(self.sockets.get(login, ())):
                try:
                    await ws.send_json(payload)
                except (ConnectionError, RuntimeError):
                    self.sockets[login].discard(ws)

    async def _on_inbound(self, raw: dict[bytes, bytes]) -> None:
        await self._dispatch({k.decode(): v.decode() for k, v in raw.items()})

    async def _dispatch(self, fields: dict[str, str]) -> None:
        conv_id = fields.get("conv", "")
        if fields.get("kind") == "message" and conv_id:
            holder = await self.redis.hget(self.keys.conv(conv_id), "counsellor")
            if holder:
                await self._broadcast([holder.decode()], {
                    "type": "message", "conv": conv_id, "author": fields.get("author"),
                    "text": fields.get("text"), "name": fields.get("name", ""),
                    "at": float(fields.get("at", "0"))})
        await self._broadcast(list(self.sockets), {"type": "queue", "conv": conv_id})

    async def on_startup(self, _app: web.Application) -> None:
        self.tasks = [
            asyncio.create_task(follow(self.redis, self.keys.inbound, self._on_inbound)),
            asyncio.create_task(self.relay.sweep_forever(
                long_wait_seconds=self.settings.long_wait_minutes * 60,
                grace_seconds=self.settings.grace_seconds)),
        ]

    async def on_cleanup(self, _app: web.Application) -> None:
        for task in self.tasks:
            task.cancel()
        for sockets in self.sockets.values():
            for ws in list(sockets):
                await ws.close()
        await self.redis.close()


def make_app(settings: Settings | None = None) -> web.Application:
    settings = settings or get_settings()
    redis = Redis.from_url(settings.redis_address,
                           socket_connect_timeout=2)
    console = Console(settings, redis)
    app = web.Application(middlewares=[guard], client_max_size=MAX_BODY)
    app[CONSOLE] = console
    app.router.add_get("/", console.page)
    app.router.add_get("/supervision", console.page)
    app.router.add_static("/static/", STATIC)
    app.router.add_post("/api/signin", console.sign_in)
    app.router.add_post("/api/signout", console.sign_out)
    app.router.add_get("/api/me", console.me)
    app.router.add_get("/api/queue", console.queue_view)
    app.router.add_post("/api/claim", console.claim)
    app.router.add_get("/api/conv/{conv}", console.conversation)
    app.router.add_post("/api/conv/{conv}/send", console.send)
    app.router.add_post("/api/conv/{conv}/note", console.note)
    app.router.add_post("/api/conv/{conv}/close", console.close)
    app.router.add_post("/api/conv/{conv}/handback", console.hand_back)
    app.router.add_get("/api/canned", console.canned_view)
    app.router.add_get("/api/deferred", console.deferred_list)
    app.router.add_post("/api/deferred/{item}/reply", console.deferred_reply)
    app.router.add_get("/api/stats", console.stats)
    app.router.add_get("/ws", console.websocket)
    app.on_startup.append(console.on_startup)  # type: ignore[arg-type]
    app.on_cleanup.append(console.on_cleanup)  # type: ignore[arg-type]
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m handoff.console")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # no access log: it would keep addresses and paths holding conversation ids
    web.run_app(make_app(settings), host=args.host, port=args.port or settings.console_port,
                access_log=None, print=lambda *_: None)
