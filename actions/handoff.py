"""Rasa actions putting the person in touch with a counsellor.

For now the counsellors are reached by the free number; the live chat queue comes with the
handoff feature. Opening hours come from :mod:`actions.hours`.
"""

from __future__ import annotations

import datetime as dt

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.hours import load_hours, status_sentence

PHONE = "0800 12 25 00"


def counsellor_message(territoire: str | None, now: dt.datetime) -> str:
    hours = load_hours()
    status = status_sentence(hours, territoire, now)
    if hours.is_open(territoire, now):
        return (f"{status} Appelez le {PHONE} : l'appel est gratuit, et un conseiller vous "
                "aide à trouver une solution près de chez vous.")
    return (f"{status} Vous pourrez alors appeler le {PHONE} (appel gratuit). En attendant, "
            "je peux vous aider à trouver un lieu d'accueil près de chez vous.")


class ActionContactCounsellor(Action):
    def name(self) -> str:
        return "action_contact_counsellor"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        now = dt.datetime.now(dt.timezone.utc)
        dispatcher.utter_message(
            text=counsellor_message(tracker.get_slot("territoire"), now),
            buttons=[{"title": "Trouver un lieu près de chez moi",
                      "payload": "/find_structure"}],
        )
        return []
