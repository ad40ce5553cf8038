"""The NLU data: enough examples per intent, and a held-out set that shares no sentence with
the training data (it was written separately)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from actions.settings import ROOT
from actions.textnorm import normalize_words


def _examples(path: Path) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for block in data.get("nlu", []):
        if "intent" in block:
            lines = [re.sub(r"^\s*-\s*", "", line) for line in block["examples"].splitlines()]
            out.setdefault(block["intent"], []).extend(line for line in lines if line.strip())
    return out


def training() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for intent, examples in _examples(path).items():
            merged.setdefault(intent, []).extend(examples)
    return merged


def heldout() -> dict[str, list[str]]:
    return _examples(ROOT / "tests" / "nlu" / "heldout.yml")


def test_every_intent_has_training_and_heldout_examples(domain):
    train, test = training(), heldout()
    for intent in domain["intents"]:
        assert len(train.get(intent, [])) >= 8, intent
        assert len(test.get(intent, [])) >= 3, intent


def test_heldout_shares_no_sentence_with_training():
    seen = {normalize_words(e) for examples in training().values() for e in examples}
    shared = [e for examples in heldout().values() for e in examples
              if normalize_words(e) in seen]
    assert shared == []


def test_no_training_sentence_has_two_intents():
    counts = Counter(normalize_words(e) for examples in training().values()
                     for e in set(examples))
    owners: dict[str, set[str]] = {}
    for intent, examples in training().items():
        for e in examples:
            owners.setdefault(normalize_words(e), set()).add(intent)
    assert [t for t, o in owners.items() if len(o) > 1] == [], counts.most_common(3)
