"""The assistant's actions around the counsellors: joining the queue with a triage card
(open), the alternatives (closed, or the live chat unreachable), two misunderstandings in
a row, the message left for a reply by e-mail, distress flagged for the queue."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.handoff import (
    ActionContactCounsellor,
    ActionFallback,
    ActionSubmitDeferred,
    ValidateDeferredForm,
)
from actions.safety_actions import ActionDistress
from handoff.queue import HandoffQueue

PARIS = ZoneInfo("Europe/Paris")
MONDAY_AFTERNOON = dt.datetime(2026, 11, 30, 14, 0, tzinfo=PARIS)
SATURDAY = dt.datetime(2026, 12, 5, 14, 0, tzinfo=PARIS)


def tracker(events: list[dict[str, Any]], slots: dict[str, Any] | None = None,
            loop: str | None = None, channel: str = "socketio") -> Tracker:
    stamped = [{**e, "input_channel": channel} if e["event"] == "user" else e for e in events]
    last_user: dict[str, Any] = next((e for e in reversed(stamped) if e["event"] == "user"), {})
    return Tracker(sender_id="conv-test", slots=slots or {},
                   latest_message=last_user.get("parse_data", {}), events=stamped,
                   paused=False, followup_action=None,
                   active_loop={"name": loop} if loop else {},
                   latest_action_name="action_listen")


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text,
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.9},
                           "entities": []}}


def bot(text: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": data or {}}


CONVERSATION = [
    user("bonjour", "greet"), bot("Bonjour ! Vous écrivez pour vous ou votre enfant ?"),
    user("moi, 19 ans, pas de diplome, a Lens. mon tel 06 12 34 56 78", "inform"),
    user("c quoi l'e2c", "faq_e2c"), bot("L'E2C accueille…"),
    user("/find_structure", "find_structure"),
    bot("Voici des lieux près de chez vous :", {"attachment": {"type": "template", "payload": {
        "template_type": "generic", "elements": [{"title": "E2C Lens"},
                                                  {"title": "CIO de Lens"}]}}}),
    user("je veux parler a un conseiller", "ask_human"),
]
SLOTS = {"profil": "jeune", "age": 19.0, "diplome": "aucun", "departement": "62",
         "commune": "Lens", "territoire": "metropole"}


@pytest.fixture
def live(fresh_redis, redis_url, monkeypatch):
    client, keys = fresh_redis
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("HANDOFF_KEY_PREFIX", keys.prefix)
    return HandoffQueue(client, keys, ttl_seconds=3600)


def at(moment: dt.datetime) -> ActionContactCounsellor:
    action = ActionContactCounsellor()
    action.clock = lambda: moment
    return action


async def test_open_the_conversation_joins_the_queue_with_its_card(live, dispatcher, domain):
    events = await at(MONDAY_AFTERNOON).run(dispatcher, tracker(CONVERSATION, SLOTS), domain)
    assert events == []
    [message] = dispatcher.messages
    assert "prochaine personne" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/handoff_cancel"]
    assert await live.waiting() == ["conv-test"]
    state = await live.state("conv-test")
    assert (state["territoire"], state["channel"], state["priority"]) == (
        "metropole", "socketio", "1")
    card = json.loads(state["card"])
    assert card["situation"]["age"] == 19.0 and card["situation"]["commune"] == "Lens"
    assert card["resume"].startswith("Si je résume : vous avez 19 ans")
    assert card["questions"] == ["faq_e2c"]
    assert card["lieux"] == ["E2C Lens", "CIO de Lens"]
    said = [line["text"] for line in card["transcription"] if line["from"] == "personne"]
    assert said[1] == "moi, 19 ans, pas de diplome, a Lens. mon tel [téléphone masqué]"
    assert "/find_structure" not in said


async def test_open_during_the_triage_the_form_stops(live, dispatcher, domain):
    events = await at(MONDAY_AFTERNOON).run(
        dispatcher, tracker(CONVERSATION, SLOTS, loop="triage_form"), domain)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert await live.waiting() == ["conv-test"]


async def test_distress_puts_the_conversation_first(live, dispatcher, domain):
    await live.enqueue("earlier", territoire="metropole", card={})
    await at(MONDAY_AFTERNOON).run(dispatcher, tracker(CONVERSATION, {**SLOTS, "urgent": True}),
                                   domain)
    assert await live.waiting() == ["conv-test", "earlier"]
    assert json.loads((await live.state("conv-test"))["card"])["urgent"] is True


async def test_closed_says_when_it_reopens_and_offers_the_alternatives(live, dispatcher,
                                                                       domain):
    events = await at(SATURDAY).run(dispatcher, tracker(CONVERSATION, SLOTS), domain)
    assert events == []
    [message] = dispatcher.messages
    assert "lundi 7 décembre à 10 h" in message["text"]
    assert "0800 12 25 00" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/leave_message", "/find_structure"]
    assert await live.waiting() == []


async def test_closed_overseas_uses_local_hours(live, dispatcher, domain):
    # Monday 14:00 in Paris is 09:00 in Guadeloupe, open; 16:00 in Paris is 11:00, open;
    # Monday 21:00 in Paris is 16:00 there: closed since 15:00
    late = dt.datetime(2026, 11, 30, 21, 0, tzinfo=PARIS)
    slots = {**SLOTS, "territoire": "guadeloupe", "departement": "971"}
    await at(late).run(dispatcher, tracker(CONVERSATION, slots), domain)
    assert "8 h" in dispatcher.messages[0]["text"]
    assert await live.waiting() == []


async def test_redis_unreachable_gives_the_free_number(dispatcher, domain, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    events = await at(MONDAY_AFTERNOON).run(dispatcher, tracker(CONVERSATION, SLOTS), domain)
    assert events == []
    [message] = dispatcher.messages
    assert "indisponible" in message["text"] and "0800 12 25 00" in message["text"]


async def test_two_misunderstandings_in_a_row_offer_a_counsellor(dispatcher, domain):
    once = tracker([user("fzefzef", "greet"), user("blablou", "nlu_fallback")])
    assert await ActionFallback().run(dispatcher, once, domain) == []
    assert dispatcher.messages[-1]["response"] == "utter_default"
    twice = tracker([user("blablou", "nlu_fallback"), bot("Je n'ai pas bien compris."),
                     user("zzzz", "nlu_fallback")])
    assert await ActionFallback().run(dispatcher, twice, domain) == []
    offer = dispatcher.messages[-1]
    assert "conseiller" in offer["text"]
    assert offer["buttons"][0]["payload"] == "/ask_human"


def validate(slot: str, value: Any, intent: str = "inform") -> tuple[dict[str, Any], list]:
    from rasa_sdk.executor import CollectingDispatcher

    said = CollectingDispatcher()
    form = ValidateDeferredForm()
    result = getattr(form, f"validate_{slot}")(value, said,
                                               tracker([user(str(value), intent)]), {})
    return result, said.messages


def test_the_message_must_say_something():
    assert validate("deferred_text", "Je voudrais reprendre un CAP")[0] == {
        "deferred_text": "Je voudrais reprendre un CAP"}
    result, said = validate("deferred_text", "ok")
    assert result == {"deferred_text": None} and "quelques mots" in said[0]["text"]
    result, said = validate("deferred_text", "annuler")
    assert result == {"deferred_text": None, "requested_slot": None}


@pytest.mark.parametrize("answer, intent", [
    ("oui", "affirm"), ("/affirm", "affirm"), ("ouais", "inform"), ("d'accord", "inform"),
])
def test_consent_yes(answer, intent):
    assert validate("contact_consent", answer, intent)[0] == {"contact_consent": True}


def test_consent_no_stops_and_keeps_nothing():
    result, said = validate("contact_consent", "non", "deny")
    assert result == {"contact_consent": None, "deferred_text": None, "requested_slot": None}
    assert "je ne garde pas d'adresse" in said[0]["text"]
    result, said = validate("contact_consent", "peut etre", "inform")
    assert result == {"contact_consent": None} and "« oui » ou « non »" in said[0]["text"]


@pytest.mark.parametrize("value, expected", [
    ("jade.martin@gmail.com", "jade.martin@gmail.com"),
    (" jade.martin@gmail.com. ", "jade.martin@gmail.com"),
    ("jade martin@gmail.com", "jademartin@gmail.com"),
    ("jade@gmail", None), ("pas de mail", None), ("a@b.c" + "x" * 300, None),
])
def test_email(value, expected):
    assert validate("contact_email", value)[0] == {"contact_email": expected}


async def test_the_message_is_kept_until_answered_with_consent_only(live, dispatcher, domain):
    slots = {**SLOTS, "deferred_text": "Je voudrais reprendre un CAP",
             "contact_email": "jade@example.org", "contact_consent": True}
    clear = [SlotSet("deferred_text", None), SlotSet("contact_email", None),
             SlotSet("contact_consent", None)]
    events = await ActionSubmitDeferred().run(dispatcher, tracker([], slots), domain)
    assert events == clear
    assert "réponse envoyée" in dispatcher.messages[0]["text"]
    keys = live.keys
    [item] = [m.decode() for m in await live.redis.zrange(keys.deferred_index, 0, -1)]
    stored = await live.redis.hgetall(keys.deferred(item))
    assert stored[b"email"] == b"jade@example.org" and stored[b"conv"] == b"conv-test"
    assert 0 < await live.redis.ttl(keys.deferred(item)) <= 30 * 86400
    refused = {**slots, "contact_consent": None}
    assert await ActionSubmitDeferred().run(dispatcher, tracker([], refused), domain) == clear
    assert await live.redis.zcard(keys.deferred_index) == 1


async def test_distress_is_flagged_for_the_queue(dispatcher, domain):
    events = await ActionDistress().run(
        dispatcher, tracker([user("jveux plus vivre", "distress")]), domain)
    assert events == [SlotSet("urgent", True)]
    assert "3114" in dispatcher.messages[0]["text"]


def _worried(intent: str, probability: float) -> Tracker:
    message = user("jsais plus trop quoi faire de ma vie", intent)
    message["parse_data"]["distress_probability"] = probability
    return tracker([message])


async def test_a_worrying_message_gets_the_help_line_beside_the_answer(dispatcher, domain):
    from actions.faq import ActionAnswerFaq, ActionOutOfScope
    from actions.safety import GENTLE_LINE

    await ActionOutOfScope().run(dispatcher, _worried("out_of_scope", 0.6), domain)
    assert [m.get("response") or m.get("text") for m in dispatcher.messages] == [
        "utter_out_of_scope", GENTLE_LINE]
    assert "3114" in GENTLE_LINE and "119" in GENTLE_LINE
    dispatcher.messages.clear()
    await ActionAnswerFaq().run(dispatcher, _worried("faq_droit_quoi", 0.7), domain)
    assert dispatcher.messages[-1]["text"] == GENTLE_LINE
    dispatcher.messages.clear()
    await ActionFallback().run(dispatcher, _worried("nlu_fallback", 0.55), domain)
    assert dispatcher.messages[-1]["text"] == GENTLE_LINE


async def test_an_ordinary_message_gets_no_help_line(dispatcher, domain):
    from actions.faq import ActionOutOfScope

    await ActionOutOfScope().run(dispatcher, _worried("out_of_scope", 0.2), domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]
