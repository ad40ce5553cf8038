"""Custom NLU component for the Rasa server (not for the action server): the safety net.

Placed last in config.yml's pipeline, after the classifier and the fallback, it turns the
intent into ``distress`` whenever :func:`actions.safety.detect` recognises distress, so the
classifier cannot outvote it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.safety import detect

DISTRESS = "distress"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyNet(GraphComponent, IntentClassifier):
    """Deterministic distress detection that overrides the classifier."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or detect(str(text)) is None:
                continue
            if (message.get(INTENT) or {}).get("name") == DISTRESS:
                continue
            override = {"name": DISTRESS, "confidence": 1.0}
            message.set(INTENT, override, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                       if r.get("name") != DISTRESS]
            message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)
        return messages
