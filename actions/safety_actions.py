"""Rasa action answering distress at once, with the help numbers that fit."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.safety import detect, distress_message


class ActionDistress(Action):
    def name(self) -> str:
        return "action_distress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        detection = detect(tracker.latest_message.get("text") or "")
        dispatcher.utter_message(text=distress_message(detection))
        # a counsellor asked for from now on sees this conversation first, flagged
        return [SlotSet("urgent", True)]
