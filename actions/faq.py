"""Rasa action answering the questions people ask (``faq_*`` intents).

The texts and their sources are in ``actions/content/faq.yml``; the personalisation comes
from :mod:`actions.eligibility`. Every answer ends with a next step.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import eligibility
from actions.content import faq_answers
from actions.safety import GENTLE_LINE, worrying

log = logging.getLogger(__name__)

# Questions whose answer depends on the person's situation: once the triage says enough,
# the personalised paragraph comes first.
PERSONAL = {
    "faq_droit_qui", "faq_droit_quoi", "faq_droit_statut", "faq_droit_demarrer",
    "faq_arreter_ecole", "faq_parent_decrochage", "faq_parent_14_15",
}
NEXT_STEPS = [
    {"title": "Trouver un lieu près de chez moi", "payload": "/find_structure"},
    {"title": "Parler à un conseiller", "payload": "/ask_human"},
]


def situation_of(tracker: Tracker) -> eligibility.Situation:
    def slot(name: str) -> Any:
        return tracker.get_slot(name)

    age = slot("age")
    return eligibility.Situation(
        age=float(age) if isinstance(age, (int, float)) else None,
        diplome=slot("diplome"),
        profil=slot("profil"),
        scolarise=slot("scolarise") if isinstance(slot("scolarise"), bool) else None,
        territoire=slot("territoire"),
    )


def answer_text(intent: str, situation: eligibility.Situation) -> str | None:
    """The answer to ``intent``, personalised when the situation is known enough."""
    answer = faq_answers().get(intent)
    if answer is None:
        return None
    known = situation.age is not None or situation.diplome is not None
    parts = []
    if intent in PERSONAL and known:
        parts.append(eligibility.describe(situation))
    note = eligibility.structure_note(intent.removeprefix("faq_"), situation)
    parts.append(answer.text)
    if note:
        parts.append(note)
    return "\n\n".join(parts)


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        text = answer_text(intent, situation_of(tracker))
        if text is None:
            log.warning("no answer for intent %s", intent)
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(text=text, buttons=NEXT_STEPS)
        if worrying(tracker.latest_message):
            dispatcher.utter_message(text=GENTLE_LINE)
        return []


class ActionOutOfScope(Action):
    """Outside what the assistant knows; with the help line when the message worries."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_out_of_scope")
        if worrying(tracker.latest_message):
            dispatcher.utter_message(text=GENTLE_LINE)
        return []
