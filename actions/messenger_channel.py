"""Facebook Messenger channel for the Rasa server (not for the action server).

Rasa's own facebook connector answers 200 to badly signed requests, drops all but the
first event of a batch, sends more than three buttons as plain text, and calls a Graph API
address that cannot be changed. This one:
- answers the webhook verification (``hub.challenge``) only with the right verify token;
- checks the signature of every POST (``X-Hub-Signature-256``, else ``X-Hub-Signature``)
  with the app secret and refuses (403) unsigned or wrongly signed requests;
- reads every messaging event of a batch (text, quick reply, postback);
- sends buttons as quick replies within Messenger's limits (13, titles of 20 characters,
  cut with "…"), cards as a generic template (10 cards, 3 buttons, 80 characters);
- calls the Graph API at FACEBOOK_GRAPH_URL, so tests use a local fake.
Tokens come from the environment (credentials.yml); without them the channel answers 503.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.live_gate import Gate
from actions.rest_channel import MAX_LENGTH, TOO_FAST, RateLimiter, clean
from handoff.chat import ChatMessage

log = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v19.0"
MAX_QUICK_REPLIES = 13
MAX_QUICK_REPLY_TITLE = 20
MAX_TEXT = 2000
MAX_CARDS = 10
MAX_CARD_BUTTONS = 3
MAX_CARD_TEXT = 80


def cut(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quick_replies(buttons: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"content_type": "text", "title": cut(b.get("title", ""), MAX_QUICK_REPLY_TITLE),
         "payload": str(b.get("payload") or b.get("title", ""))[:1000]}
        for b in buttons[:MAX_QUICK_REPLIES]
    ]


def text_chunks(text: str) -> list[str]:
    chunks = []
    for part in (text or "").strip().split("\n\n"):
        while len(part) > MAX_TEXT:
            split = part.rfind(" ", 0, MAX_TEXT)
            split = split if split > 0 else MAX_TEXT
            chunks.append(part[:split])
            part = part[split:].lstrip()
        if part:
            chunks.append(part)
    return chunks


def generic_template(attachment: dict[str, Any]) -> dict[str, Any]:
    payload = attachment.get("payload", {})
    elements = []
    for element in payload.get("elements", [])[:MAX_CARDS]:
        elements.append({
            "title": cut(element.get("title", ""), MAX_CARD_TEXT),
            "subtitle": cut(element.get("subtitle", ""), MAX_CARD_TEXT),
            "buttons": element.get("buttons", [])[:MAX_CARD_BUTTONS],
        })
    return {"type": "template", "payload": {"template_type": "generic", "elements": elements}}


def signature_valid(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    lowered = {key.lower(): value for key, value in headers.items()}
    for header, algorithm in (("x-hub-signature-256", "sha256"), ("x-hub-signature", "sha1")):
        value = lowered.get(header) or ""
        prefix = f"{algorithm}="
        if value.startswith(prefix):
            expected = hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()
            return hmac.compare_digest(expected, value[len(prefix):])
    return False


class GraphClient:
    """Calls of the Send API and the Messenger profile API."""

    def __init__(self, graph_url: str, access_token: str) -> None:
        self.graph_url = graph_url.rstrip("/")
        self.access_token = access_token

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.graph_url}/{path}"
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.post(
            url, params={"access_token": self.access_token}, json=body
        ) as answer:
            data: dict[str, Any] = await answer.json(content_type=None)
            if answer.status >= 400:
                log.warning("Graph API %s answered %s", path, answer.status)
            return data

    async def send(self, recipient_id: str, message: dict[str, Any],
                   messaging_type: str = "RESPONSE", tag: str | None = None) -> None:
        body: dict[str, Any] = {"recipient": {"id": recipient_id},
                                "messaging_type": messaging_type, "message": message}
        if tag:
            body["tag"] = tag
        await self.post("me/messages", body)


class MessengerOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(self, client: GraphClient) -> None:
        super().__init__()
        self.client = client

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for chunk in text_chunks(text):
            await self.client.send(recipient_id, {"text": chunk})

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: list[dict[str, Any]], **kwargs: Any) -> None:
        chunks = text_chunks(text) or ["…"]
        for chunk in chunks[:-1]:
            await self.client.send(recipient_id, {"text": chunk})
        await self.client.send(recipient_id, {"text": chunks[-1],
                                              "quick_replies": quick_replies(buttons)})

    async def send_quick_replies(self, recipient_id: str, text: str,
                                 quick_replies: list[dict[str, Any]], **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_attachment(self, recipient_id: str, attachment: Any,
                              **kwargs: Any) -> None:
        if isinstance(attachment, dict) and attachment.get("type") == "template":
            await self.client.send(recipient_id, {"attachment": generic_template(attachment)})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.client.send(recipient_id, {"attachment": {"type": "image",
                                                             "payload": {"url": image}}})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any],
                               **kwargs: Any) -> None:
        await self.client.send(recipient_id, json_message)


def _events(payload: Any) -> list[tuple[str, str]]:
    """(sender id, text or payload) of every usable messaging event of a webhook call."""
    out: list[tuple[str, str]] = []
    if not isinstance(payload, dict):
        return out
    for entry in payload.get("entry") or []:
        for event in (entry or {}).get("messaging") or []:
            sender = str(((event or {}).get("sender") or {}).get("id") or "")
            message = event.get("message") or {}
            if not sender or message.get("is_echo"):
                continue
            if (message.get("quick_reply") or {}).get("payload"):
                out.append((sender, str(message["quick_reply"]["payload"])))
            elif message.get("text"):
                out.append((sender, str(message["text"])))
            elif (event.get("postback") or {}).get("payload"):
                out.append((sender, str(event["postback"]["payload"])))
    return out


class MessengerInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            verify=str(credentials.get("verify") or ""),
            secret=str(credentials.get("secret") or ""),
            page_access_token=str(credentials.get("page-access-token") or ""),
            graph_url=str(credentials.get("graph-url") or DEFAULT_GRAPH_URL),
        )

    def __init__(self, verify: str, secret: str, page_access_token: str,
                 graph_url: str = DEFAULT_GRAPH_URL) -> None:
        self.verify = verify
        self.secret = secret
        self.limiter = RateLimiter()
        self.client = GraphClient(graph_url, page_access_token)

    @property
    def configured(self) -> bool:
        return bool(self.verify and self.secret and self.client.access_token)

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.client)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("messenger_webhook", __name__)

        async def deliver(recipient: str, message: ChatMessage) -> None:
            if not recipient or not self.configured:
                return
            if message.author == "counsellor":
                last = await Gate.get().last_person_at(recipient)
                hours = (time.time() - last) / 3600 if last else 0.0
                await send_counsellor_message(self.client, recipient,
                                              f"{message.name or 'Conseiller'} : {message.text}",
                                              hours)
            elif message.buttons:
                await MessengerOutput(self.client).send_text_with_buttons(
                    recipient, message.text, message.buttons)
            else:
                await MessengerOutput(self.client).send_text_message(recipient, message.text)

        @hook.listener("after_server_start")
        async def start_delivery(_app: Any, _loop: Any) -> None:
            if self.configured:
                Gate.get().start_group(self.name(), deliver)

        @hook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.configured else "not configured"})

        @hook.route("/webhook", methods=["GET"])
        async def verification(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.json({"error": "Messenger n'est pas configuré."}, status=503)
            if (request.args.get("hub.mode") == "subscribe"
                    and hmac.compare_digest(request.args.get("hub.verify_token") or "",
                                            self.verify)):
                return response.text(request.args.get("hub.challenge") or "")
            return response.json({"error": "Jeton de vérification incorrect."}, status=403)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.json({"error": "Messenger n'est pas configuré."}, status=503)
            if not signature_valid(self.secret, request.body or b"", dict(request.headers)):
                return response.json({"error": "Signature absente ou incorrecte."}, status=403)
            try:
                payload = json.loads(request.body or b"")
            except ValueError:
                return response.json({"error": "Le corps de la requête n'est pas du JSON."},
                                     status=400)
            output = self.get_output_channel()
            for sender, text in _events(payload):
                text = clean(text)[:MAX_LENGTH]
                if not text:
                    continue
                if not self.limiter.allow(sender):
                    await output.send_text_message(sender, TOO_FAST)
                    continue
                verdict = await Gate.get().screen(sender, text)
                for reply in verdict.replies:
                    if reply.get("buttons"):
                        await output.send_text_with_buttons(sender, reply.get("text", ""),
                                                            reply["buttons"])
                    else:
                        await output.send_text_message(sender, reply.get("text", ""))
                if verdict.to_bot:
                    await on_new_message(UserMessage(text, output, sender,
                                                     input_channel=self.name()))
            return response.text("EVENT_RECEIVED")

        return hook


async def setup_profile(client: GraphClient, greeting: str) -> dict[str, Any]:
    """The get-started button and the greeting shown before the first message."""
    return await client.post("me/messenger_profile", {
        "get_started": {"payload": "/greet"},
        "greeting": [{"locale": "default", "text": cut(greeting, 160)}],
    })


async def send_counsellor_message(client: GraphClient, recipient_id: str, text: str,
                                  hours_since_last_user_message: float) -> None:
    """A counsellor's message: within 24 hours of the person's last message it is a normal
    answer; later it carries the HUMAN_AGENT tag (allowed for 7 days by Messenger)."""
    if hours_since_last_user_message < 24:
        await client.send(recipient_id, {"text": cut(text, MAX_TEXT)})
    else:
        await client.send(recipient_id, {"text": cut(text, MAX_TEXT)},
                          messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")
