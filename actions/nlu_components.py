"""Custom NLU component for the Rasa server (not for the action server): the safety net.

Placed last in config.yml's pipeline, after the intent classifier and the fallback, it
decides alone whether a message is distress:
- the deterministic patterns of :func:`actions.safety.detect` make it distress whatever any
  classifier says (they cannot be outvoted);
- otherwise a binary distress classifier (:mod:`actions.distress_model`), trained with the
  model on every example plus ordinary look-alike messages, makes it distress when its
  probability reaches ``threshold`` and the message is not hyperbole, a game or a school
  project (:func:`actions.safety.looks_like_hyperbole`);
- otherwise the intent classifier's own ``distress`` guess is dropped for the next intent
  of its ranking (or the fallback), which removes most false alarms.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.distress_model import DistressModel, read_messages
from actions.safety import detect, looks_like_hyperbole

DISTRESS = "distress"
FALLBACK_THRESHOLD = 0.25  # as config.yml's FallbackClassifier
MODEL_FILE = "distress_model.pkl"
# The code that turns a message into the classifier's features: a change retrains it.
FEATURE_CODE = ("actions/distress_model.py", "actions/safety.py", "actions/textnorm.py")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class SafetyNet(GraphComponent, IntentClassifier):
    """Distress detection: patterns that cannot be outvoted, then a binary classifier."""

    @classmethod
    def required_components(cls) -> list[type]:
        # it follows the intent classifier in config.yml; declaring it here would make
        # Rasa look for a classifier before the training node too, where there is none
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.5, "negatives": None, "positives": None}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Rasa reuses a trained component while its config and training data are unchanged;
        this one also reads two files of messages and SMS-expands them with our own code, so
        their contents count too (else a change there would keep a stale classifier)."""
        digest = hashlib.sha256()
        root = Path(__file__).resolve().parent.parent
        files = [config.get("positives"), config.get("negatives"), *FEATURE_CODE]
        for name in files:
            path = Path(name) if name else None
            if path is not None and not path.is_absolute() and not path.exists():
                path = root / path
            digest.update(str(name).encode())
            digest.update(path.read_bytes() if path is not None and path.is_file() else b"-")
        return digest.hexdigest()

    def __init__(self, config: dict[str, Any] | None = None,
                 model_storage: ModelStorage | None = None,
                 resource: Resource | None = None,
                 model: DistressModel | None = None) -> None:
        config = {**self.get_default_config(), **(config or {})}
        self.threshold = float(config["threshold"])
        self.negatives = config.get("negatives")
        self.positives = config.get("positives")
        self._storage, self._resource = model_storage, resource
        self.model = model

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SafetyNet:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SafetyNet:
        try:
            with model_storage.read_from(resource) as directory:
                model = DistressModel.load(Path(directory) / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            model = None  # patterns only
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        positives: list[str] = []
        negatives: list[str] = []
        for example in training_data.intent_examples:
            text = example.get(TEXT)
            if text:
                (positives if example.get(INTENT) == DISTRESS else negatives).append(str(text))
        if self.positives:
            positives += read_messages(Path(self.positives))
        if self.negatives:
            negatives += read_messages(Path(self.negatives))
        self.model = DistressModel().fit(positives, negatives)
        assert self._storage is not None and self._resource is not None
        with self._storage.write_to(self._resource) as directory:
            self.model.save(Path(directory) / MODEL_FILE)
        return self._resource

    def probability(self, text: str) -> float:
        return self.model.probability(text) if self.model is not None else 0.0

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = str(message.get(TEXT) or "")
            if not text:
                continue
            probability = self.probability(text)
            message.set("distress_probability", round(probability, 4), add_to_output=True)
            sure = probability >= self.threshold and not looks_like_hyperbole(text)
            if detect(text) is not None or sure:
                self._set_distress(message)
            elif (message.get(INTENT) or {}).get("name") == DISTRESS:
                self._drop_distress(message)
        return messages

    @staticmethod
    def _set_distress(message: Message) -> None:
        if (message.get(INTENT) or {}).get("name") == DISTRESS:
            return
        override = {"name": DISTRESS, "confidence": 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get("name") != DISTRESS]
        message.set(INTENT, override, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)

    @staticmethod
    def _drop_distress(message: Message) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get("name") != DISTRESS]
        fallback: dict[str, Any] = (ranking[0] if ranking
                                    else {"name": "nlu_fallback", "confidence": 0.0})
        if float(fallback.get("confidence") or 0.0) < FALLBACK_THRESHOLD:
            fallback = {"name": "nlu_fallback", "confidence": FALLBACK_THRESHOLD}
        message.set(INTENT, fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
