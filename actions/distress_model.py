"""A binary distress classifier (pure Python and scikit-learn, no Rasa), used by the safety
net (:mod:`actions.nlu_components`) beside its deterministic patterns.

It learns "distress or not" from every training example: the ``distress`` intent's, plus
the development sets' distress messages (``positives``), against all the others, plus
ordinary messages that only look alarming (``negatives``), read in
the same SMS-expanded form as the patterns. Character and word n-grams, logistic
regression with balanced classes; the decision threshold is set in config.yml from a
cross-validation on the development sets (``python -m tools.safety_cv``).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from actions.safety import expand_sms
from actions.textnorm import normalize_words


def prepare(text: str) -> str:
    return expand_sms(normalize_words(text))


class DistressModel:
    def __init__(self) -> None:
        self.pipeline: Any = None

    def fit(self, positives: Iterable[str], negatives: Iterable[str]) -> DistressModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        pos, neg = [prepare(t) for t in positives], [prepare(t) for t in negatives]
        features = FeatureUnion([
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
                                      sublinear_tf=True, min_df=1)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2),
                                      sublinear_tf=True, token_pattern=r"\b\w+\b")),
        ])
        self.pipeline = Pipeline([
            ("features", features),
            ("classifier", LogisticRegression(C=8.0, class_weight="balanced",
                                              max_iter=2000)),
        ])
        self.pipeline.fit(pos + neg, [1] * len(pos) + [0] * len(neg))
        return self

    def probability(self, text: str) -> float:
        if self.pipeline is None:
            return 0.0
        return float(self.pipeline.predict_proba([prepare(text)])[0][1])

    def save(self, path: Path) -> None:
        path.write_bytes(pickle.dumps(self.pipeline))

    @classmethod
    def load(cls, path: Path) -> DistressModel:
        model = cls()
        model.pipeline = pickle.loads(path.read_bytes())  # our own file, written at training
        return model


def read_messages(path: Path) -> list[str]:
    """One message a line; lines starting with # are comments."""
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
