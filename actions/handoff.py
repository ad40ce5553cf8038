"""Rasa actions putting the person in touch with a counsellor.

- During opening hours (actions.hours), the conversation joins the live-chat queue in
  Redis with a triage card; the person is told their place and the estimated wait. From
  then on the channels pass their messages to the counsellor (actions.live_gate).
- Outside opening hours, or when the live chat cannot be reached: when it reopens, the
  free number, leaving a message for a reply by e-mail (with consent), nearby places.
- Two misunderstandings in a row: the assistant offers a counsellor.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import uuid
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from redis.asyncio import Redis
from redis.exceptions import RedisError

from actions import situation
from actions.hours import PHONE, load_hours, status_sentence
from actions.safety import GENTLE_LINE, worrying
from actions.settings import get_settings
from actions.textnorm import normalize_words
from handoff.keys import Keys
from handoff.privacy import mask
from handoff.queue import HandoffQueue
from handoff.relay import CANCEL_BUTTON, place_sentence

logger = logging.getLogger(__name__)

FIND = {"title": "Trouver un lieu près de chez moi", "payload": "/find_structure"}
LEAVE = {"title": "Laisser un message", "payload": "/leave_message"}
TRANSCRIPT_LINES = 12


def counsellor_message(territoire: str | None, now: dt.datetime) -> str:
    hours = load_hours()
    status = status_sentence(hours, territoire, now)
    if hours.is_open(territoire, now):
        return (f"{status} Appelez le {PHONE} : l'appel est gratuit, et un conseiller vous "
                "aide à trouver une solution près de chez vous.")
    return (f"{status} Vous pourrez alors appeler le {PHONE} (appel gratuit). En attendant, "
            "vous pouvez me laisser un message : un conseiller vous répondra par e-mail. "
            "Je peux aussi vous aider à trouver un lieu d'accueil près de chez vous.")


def triage_card(tracker: Tracker) -> dict[str, Any]:
    """What the counsellor sees first: the situation, what was asked, the places
    suggested and the end of the conversation, with personal details masked."""
    slots = {name: tracker.get_slot(name)
             for name in (*situation.TRIAGE_SLOTS, "commune", "code_postal", "region")}
    asked: list[str] = []
    places: list[str] = []
    lines: list[dict[str, str]] = []
    for event in tracker.events:
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            if intent.startswith("faq_") and intent not in asked:
                asked.append(intent)
            text = event.get("text") or ""
            if text and not text.startswith("/"):
                lines.append({"from": "personne", "text": mask(text)})
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            attachment = data.get("attachment") or {}
            payload = attachment.get("payload") if isinstance(attachment, dict) else None
            for element in (payload or {}).get("elements") or []:
                if element.get("title") and element["title"] not in places:
                    places.append(str(element["title"]))
            if event.get("text"):
                lines.append({"from": "assistant", "text": str(event["text"])})
    return {
        "situation": {k: v for k, v in slots.items() if v is not None},
        "resume": situation.summary(slots),
        "questions": asked,
        "lieux": places[:10],
        "transcription": lines[-TRANSCRIPT_LINES:],
        "urgent": bool(tracker.get_slot("urgent")),
    }


def _redis() -> Redis:
    settings = get_settings()
    return Redis.from_url(settings.redis_address,
                          socket_connect_timeout=2, socket_timeout=5)


def _leave_form_if_any(tracker: Tracker) -> list[EventType]:
    if tracker.active_loop.get("name"):
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
    return []


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class ActionContactCounsellor(Action):
    clock = staticmethod(_utc_now)  # tests set their own

    def name(self) -> str:
        return "action_contact_counsellor"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        now = self.clock()
        territoire = tracker.get_slot("territoire")
        stop_form = _leave_form_if_any(tracker)
        if not load_hours().is_open(territoire, now):
            dispatcher.utter_message(text=counsellor_message(territoire, now),
                                     buttons=[LEAVE, FIND])
            return stop_form
        settings = get_settings()
        redis = _redis()
        try:
            queue = HandoffQueue(redis, Keys(settings.handoff_prefix),
                                 ttl_seconds=settings.conversation_ttl_seconds)
            card = triage_card(tracker)
            await queue.enqueue(tracker.sender_id, territoire=territoire or "metropole",
                                card=card, urgent=card["urgent"],
                                channel=tracker.get_latest_input_channel() or "socketio")
            place = await queue.position(tracker.sender_id)
            wait = await queue.estimated_wait(tracker.sender_id)
            if place is not None:
                await redis.hset(queue.keys.conv(tracker.sender_id), "notified_place", place)
                await redis.xadd(queue.keys.inbound, {"kind": "queue",
                                                      "conv": tracker.sender_id,
                                                      "at": time.time()},
                                 maxlen=10_000, approximate=True)
        except (RedisError, OSError) as exc:
            logger.warning("live chat unavailable: %s", type(exc).__name__)
            dispatcher.utter_message(
                text="Le chat avec un conseiller est indisponible pour le moment, désolé. "
                     f"Vous pouvez appeler le {PHONE} (gratuit), du lundi au vendredi.",
                buttons=[FIND])
            return stop_form
        finally:
            await redis.close()
        if place is None:  # already with a counsellor
            dispatcher.utter_message(text="Un conseiller suit déjà votre conversation.")
            return stop_form
        dispatcher.utter_message(
            text="Je vous mets en relation avec un conseiller ou une conseillère. Il ou elle "
                 "verra le résumé de notre échange, pour ne pas vous reposer les mêmes "
                 "questions. " + place_sentence(place, wait)
                 + " Vous pouvez écrire en attendant : vos messages lui seront transmis.",
            buttons=[CANCEL_BUTTON])
        return stop_form


class ActionFallback(Action):
    """Not understood: the usual hint, and after two misses in a row, a counsellor."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        misses = 0
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
                if intent != "nlu_fallback":
                    break
                misses += 1
        if misses >= 2:
            dispatcher.utter_message(
                text="Je ne comprends pas bien, désolé. Voulez-vous que je vous mette en "
                     "relation avec un conseiller ou une conseillère ? C'est gratuit.",
                buttons=[{"title": "Oui, parler à un conseiller", "payload": "/ask_human"},
                         FIND])
        else:
            dispatcher.utter_message(response="utter_default")
        if worrying(tracker.latest_message):
            dispatcher.utter_message(text=GENTLE_LINE)
        return []


# --- a message left for a reply by e-mail ---------------------------------------------------

EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
YES = {"oui", "ouais", "ok", "d accord", "daccord", "j accepte", "jaccepte", "oui j accepte",
       "ui", "oue", "yes", "affirmatif", "bien sur", "affirm"}
NO = {"non", "nan", "no", "pas d accord", "je refuse", "deny", "refuse"}
CANCEL = {"annuler", "annule", "anuler", "laisse tomber", "stop", "non", "rien", "deny"}


class ValidateDeferredForm(FormValidationAction):
    def name(self) -> str:
        return "validate_deferred_form"

    def validate_deferred_text(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        if normalize_words(text) in CANCEL:
            dispatcher.utter_message(text="D'accord, je n'envoie rien.", buttons=[FIND])
            return {"deferred_text": None, "requested_slot": None}
        if len(text) < 3 or text.startswith("/"):
            dispatcher.utter_message(text="Écrivez votre message en quelques mots, s'il vous "
                                          "plaît : votre question ou votre situation.")
            return {"deferred_text": None}
        return {"deferred_text": text[:2000]}

    def validate_contact_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer = normalize_words(str(value or ""))
        if answer in YES or intent == "affirm":
            return {"contact_consent": True}
        if answer in NO or intent in ("deny", "refuse"):
            dispatcher.utter_message(
                text="D'accord : sans votre accord, je ne garde pas d'adresse e-mail et "
                     f"votre message n'est pas enregistré. Vous pouvez appeler le {PHONE} "
                     "(gratuit) aux heures d'ouverture.", buttons=[FIND])
            return {"contact_consent": None, "deferred_text": None,
                    "requested_slot": None}
        dispatcher.utter_message(text="Répondez « oui » ou « non », s'il vous plaît.")
        return {"contact_consent": None}

    def validate_contact_email(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        address = str(value or "").strip().strip(".").replace(" ", "")
        if EMAIL.match(address) and len(address) <= 200:
            return {"contact_email": address}
        dispatcher.utter_message(text="Cette adresse e-mail ne semble pas complète : elle doit "
                                      "ressembler à prenom.nom@exemple.fr. Pouvez-vous la "
                                      "réécrire ?")
        return {"contact_email": None}


class ActionAskContactConsent(Action):
    def name(self) -> str:
        return "action_ask_contact_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="Pour vous répondre, un conseiller aura besoin de votre adresse e-mail. Elle "
                 "servira seulement à cette réponse et sera effacée dès que la réponse sera "
                 "envoyée. Êtes-vous d'accord ?",
            buttons=[{"title": "Oui, j'accepte", "payload": "/affirm"},
                     {"title": "Non", "payload": "/deny"}])
        return []


class ActionSubmitDeferred(Action):
    """Stores the message and the address (given with consent) until a counsellor answers."""

    def name(self) -> str:
        return "action_submit_deferred"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        clear = [SlotSet("deferred_text", None), SlotSet("contact_email", None),
                 SlotSet("contact_consent", None)]
        text, email = tracker.get_slot("deferred_text"), tracker.get_slot("contact_email")
        if not (text and email and tracker.get_slot("contact_consent")):
            return clear
        settings = get_settings()
        keys = Keys(settings.handoff_prefix)
        item = uuid.uuid4().hex
        slots = {name: tracker.get_slot(name) for name in situation.TRIAGE_SLOTS}
        redis = _redis()
        try:
            async with redis.pipeline(transaction=True) as pipe:
                pipe.hset(keys.deferred(item), mapping={
                    "conv": tracker.sender_id, "email": email, "text": text,
                    "territoire": tracker.get_slot("territoire") or "metropole",
                    "resume": situation.summary(slots), "at": time.time()})
                pipe.expire(keys.deferred(item), settings.conversation_ttl_seconds)
                pipe.zadd(keys.deferred_index, {item: time.time()})
                pipe.expire(keys.deferred_index, settings.conversation_ttl_seconds)
                await pipe.execute()
        except (RedisError, OSError):
            dispatcher.utter_message(
                text="Je n'ai pas pu enregistrer votre message, désolé. Vous pouvez appeler le "
                     f"{PHONE} (gratuit) aux heures d'ouverture.", buttons=[FIND])
            return clear
        finally:
            await redis.close()
        dispatcher.utter_message(
            text="Merci, votre message est enregistré. Un conseiller vous répondra par e-mail "
                 "dès que possible, les jours ouvrés. Votre adresse sera effacée une fois la "
                 "réponse envoyée.", buttons=[FIND])
        return clear
