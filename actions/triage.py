"""Rasa actions of the triage: the form's validation, its questions and the summary.

The reading of messages lives in :mod:`actions.situation` (pure Python); these actions only
turn its results into events and messages.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions import situation
from actions.geo.gazetteer import Gazetteer
from actions.geo.store import get_gazetteer
from actions.parsing import DIPLOMES
from actions.safety import GENTLE_LINE, worrying

log = logging.getLogger(__name__)

FORM = "triage_form"
# Intents that answer the form's question; any other intent (a question, a greeting…) is
# answered by a rule, after the facts it carries have been kept, and the form resumes.
ANSWER_INTENTS = {"inform", "affirm", "deny", "refuse", "nlu_fallback", None}
# Slots the form's validation may set besides its required slots.
EXTRA_SLOTS = (
    *situation.LOCATION_SLOTS, "commune_candidates", "triage_skipped", "triage_misses",
)
MAX_MISSES = 2

HINTS = {
    "profil": "Répondez simplement « pour moi » ou « pour mon enfant ».",
    "age": "Écrivez l'âge en chiffres, par exemple 17.",
    "scolarise": "Répondez par oui ou par non.",
    "diplome": "Choisissez un bouton, ou écrivez par exemple « aucun », « brevet » ou « CAP ».",
    "departement": "Écrivez le nom de la commune ou son code postal, par exemple 80000.",
}


def _position(tracker: Tracker) -> tuple[float, float] | None:
    """Latitude and longitude sent by the widget as entities of an ``inform`` payload."""
    values: dict[str, float] = {}
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") in {"latitude", "longitude"}:
            try:
                values[entity["entity"]] = float(entity.get("value"))
            except (TypeError, ValueError):
                return None
    if "latitude" in values and "longitude" in values:
        lat, lon = values["latitude"], values["longitude"]
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
    return None


def _known(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in ("profil", "departement", "territoire")}


def _latest_intent(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name")


def _activating(tracker: Tracker) -> bool:
    """The form is being activated by the latest message (not resumed after a rule)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
    return False


def _fresh(tracker: Tracker) -> bool:
    """No rule has run since the latest message: the form is called right after it.

    (Rasa calls the validation action with a tracker ending in the form's own action.)
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in {FORM, "action_listen"}:
            return False
    return True


def _new_message(tracker: Tracker) -> bool:
    """The latest message has not been read yet in this turn."""
    return _fresh(tracker) or _activating(tracker)


class ValidateTriageForm(FormValidationAction):
    """Reads every fact of the situation in each message, in any order, and validates it."""

    def name(self) -> str:
        return "validate_triage_form"

    def domain_slots(self, domain: DomainDict) -> list[str]:
        """The form's slots, without needing the domain (Rasa does not send it: see
        ``enable_selective_domain`` in endpoints.yml)."""
        return list(situation.TRIAGE_SLOTS)

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        skipped = tracker.get_slot("triage_skipped") or []
        if tracker.get_slot("search_pending"):
            # a search waits for a place: only the place is asked
            return [] if "departement" in skipped else ["departement"]
        return [slot for slot in domain_slots if slot not in skipped]

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        """Always says which question comes next (None ends the form)."""
        required = await self.required_slots(
            self.domain_slots(domain), dispatcher, tracker, domain
        )
        missing = next((slot for slot in required if tracker.slots.get(slot) is None), None)
        return SlotSet(REQUESTED_SLOT, missing)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        if (
            _fresh(tracker)
            and not _activating(tracker)
            and _latest_intent(tracker) not in ANSWER_INTENTS
        ):
            # keep what was read, and let a rule answer the question before resuming
            events.append(ActionExecutionRejected(FORM))
        elif _fresh(tracker) and worrying(tracker.latest_message):
            dispatcher.utter_message(text=GENTLE_LINE)
        return events

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not _new_message(tracker):
            return []  # resuming after a rule: the message was read already
        text = tracker.latest_message.get("text") or ""
        requested = tracker.get_slot("requested_slot")
        reading = situation.read_situation(
            text,
            gazetteer=get_gazetteer(),
            requested=requested,
            known=_known(tracker),
            position=_position(tracker),
        )
        updates: dict[str, Any] = dict(reading.slots)
        skipped = list(tracker.get_slot("triage_skipped") or [])
        # a fact given after being skipped is taken after all
        remaining = [s for s in skipped if not (s in updates or (
            s == "departement" and "departement" in updates))]
        if reading.skipped and reading.skipped not in remaining:
            remaining.append(reading.skipped)
            dispatcher.utter_message(text="Pas de souci, on passe à la suite.")
        if remaining != skipped:
            updates["triage_skipped"] = remaining
        if reading.candidates:
            updates["commune_candidates"] = reading.candidates
        elif "departement" in updates:
            updates["commune_candidates"] = None
        if reading.unsupported_place:
            dispatcher.utter_message(
                text=(
                    f"{reading.unsupported_place} n'est pas encore couvert par ce service. "
                    "Le numéro vert gratuit 0800 12 25 00 peut vous orienter."
                )
            )
        if reading.parent_own_age:
            dispatcher.utter_message(
                text="C'est l'âge de votre enfant qui m'aide à vous orienter. Quel âge a-t-il ?"
            )
        if reading.plain_bac and "diplome" not in updates:
            updates.setdefault("diplome", None)
        self._count_misses(dispatcher, tracker, requested, reading, updates)
        return [SlotSet(name, value) for name, value in updates.items()]

    def _count_misses(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        requested: str | None,
        reading: situation.Reading,
        updates: dict[str, Any],
    ) -> None:
        """An answer that says nothing usable: explain, then give up on that question."""
        if not requested or _latest_intent(tracker) not in ANSWER_INTENTS:
            return
        if not reading.empty:
            if tracker.get_slot("triage_misses"):
                updates["triage_misses"] = None
            return
        misses = int(tracker.get_slot("triage_misses") or 0) + 1
        if misses >= MAX_MISSES:
            dispatcher.utter_message(
                text="Je n'arrive pas à comprendre, passons à la suite. "
                "Vous pourrez me le redire à tout moment."
            )
            skipped = list(tracker.get_slot("triage_skipped") or [])
            updates["triage_skipped"] = [*skipped, requested]
            updates["triage_misses"] = None
        else:
            dispatcher.utter_message(text=f"Je n'ai pas bien compris. {HINTS[requested]}")
            updates["triage_misses"] = float(misses)

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # the base class keeps only the required slots: keep the location details too
        extras = {
            name: value for name, value in tracker.slots_to_validate().items()
            if name in EXTRA_SLOTS and name != "departement"
        }
        events = await super().get_validation_events(dispatcher, tracker, domain)
        rejected_place = any(
            isinstance(e, dict) and e.get("name") == "departement" and e.get("value") is None
            for e in events
        )
        if rejected_place:
            extras = {k: v for k, v in extras.items() if k not in situation.LOCATION_SLOTS}
        already = {e.get("name") for e in events if isinstance(e, dict)}
        return events + [SlotSet(k, v) for k, v in extras.items() if k not in already]

    # --- validation of each slot: the normalised value, or None with a message ----------
    def validate_profil(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if value in ("jeune", "parent"):
            return {"profil": value}
        dispatcher.utter_message(text=HINTS["profil"])
        return {"profil": None}

    def validate_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        try:
            age = int(float(value))
        except (TypeError, ValueError):
            age = -1
        if 6 <= age <= 99:
            return {"age": float(age)}
        dispatcher.utter_message(text=f"Cet âge ne semble pas correct. {HINTS['age']}")
        return {"age": None}

    def validate_scolarise(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if isinstance(value, bool):
            return {"scolarise": value}
        dispatcher.utter_message(text=HINTS["scolarise"])
        return {"scolarise": None}

    def validate_diplome(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if value in DIPLOMES:
            return {"diplome": value}
        return {"diplome": None}

    def validate_departement(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if isinstance(value, str) and value in get_gazetteer().departements:
            return {"departement": value}
        dispatcher.utter_message(text=HINTS["departement"])
        return {"departement": None}


def _buttons(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


class ActionAskProfil(Action):
    def name(self) -> str:
        return "action_ask_profil"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(
            text="Vous m'écrivez pour vous-même ou pour votre enfant ?",
            buttons=_buttons([("Pour moi", "c'est pour moi"),
                              ("Pour mon enfant", "c'est pour mon enfant")]),
        )
        return []


class ActionAskAge(Action):
    def name(self) -> str:
        return "action_ask_age"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        parent = tracker.get_slot("profil") == "parent"
        dispatcher.utter_message(text="Quel âge a votre enfant ?" if parent
                                 else "Quel âge avez-vous ?")
        return []


class ActionAskScolarise(Action):
    def name(self) -> str:
        return "action_ask_scolarise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("profil") == "parent":
            dispatcher.utter_message(
                text="Votre enfant va-t-il encore à l'école (collège, lycée, CFA) ?",
                buttons=_buttons([("Oui, il y va encore", "oui il est encore scolarisé"),
                                  ("Non, il a arrêté", "non il a arrêté l'école")]),
            )
        else:
            dispatcher.utter_message(
                text="Allez-vous encore à l'école (collège, lycée, CFA) ?",
                buttons=_buttons([("Oui, j'y vais encore", "oui je suis encore scolarisé"),
                                  ("Non, j'ai arrêté", "non j'ai arrêté l'école")]),
            )
        return []


class ActionAskDepartement(Action):
    """Asks where the person lives, or which of several communes of that name."""

    def name(self) -> str:
        return "action_ask_departement"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        candidates = tracker.get_slot("commune_candidates") or []
        if candidates:
            name = candidates[0].rsplit(" (", 1)[0]
            dispatcher.utter_message(
                text=f"Plusieurs communes s'appellent {name}. Laquelle est la bonne ? "
                "Vous pouvez aussi me donner le code postal.",
                buttons=_buttons([(label, label) for label in candidates]),
            )
            return []
        if tracker.get_slot("profil") == "parent":
            question = "Dans quelle commune habite votre enfant ?"
        else:
            question = "Dans quelle commune habitez-vous ?"
        dispatcher.utter_message(text=f"{question} (le nom de la commune ou le code postal)")
        return []


class ActionAskDiplome(Action):
    """Asks for the highest diploma, or which bac when the kind was not said."""

    def name(self) -> str:
        return "action_ask_diplome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        reading = situation.read_situation(text, gazetteer=get_gazetteer())
        if reading.plain_bac:
            dispatcher.utter_message(
                text="Quel bac : général, technologique ou professionnel ?",
                buttons=_buttons([
                    ("Bac général", "bac général"),
                    ("Bac technologique", "bac techno"),
                    ("Bac pro", "bac pro"),
                ]),
            )
            return []
        parent = tracker.get_slot("profil") == "parent"
        question = (
            "Quel est le dernier diplôme obtenu par votre enfant ?" if parent
            else "Quel est le dernier diplôme que vous avez obtenu ?"
        )
        dispatcher.utter_message(
            text=question,
            buttons=_buttons([
                ("Aucun diplôme", "aucun diplôme"),
                ("Brevet", "le brevet"),
                ("CAP ou BEP", "un CAP"),
                ("Bac général", "bac général"),
                ("Bac technologique", "bac techno"),
                ("Bac pro", "bac pro"),
                ("Après le bac (BTS…)", "un BTS"),
            ]),
        )
        return []


class ActionTriageSummary(Action):
    """Restates the situation once the triage is over, and offers the next steps."""

    def name(self) -> str:
        return "action_triage_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("search_pending"):
            return [FollowupAction("action_find_structure")]
        gazetteer: Gazetteer | None
        try:
            gazetteer = get_gazetteer()
        except FileNotFoundError:
            log.exception("gazetteer unavailable for the summary")
            gazetteer = None
        slots = {name: tracker.get_slot(name) for name in (*situation.TRIAGE_SLOTS, "commune")}
        dispatcher.utter_message(
            text=situation.summary(slots, gazetteer)
            + " Si quelque chose est faux, dites-le-moi simplement "
            "(par exemple « non, j'ai 18 ans »)."
        )
        dispatcher.utter_message(response="utter_anything_else")
        return []
