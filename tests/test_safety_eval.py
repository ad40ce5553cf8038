"""Distress recall and false alarms, through the real Rasa server's NLU (classifier and
safety net together), on sets written apart from the training data and the net:
tests/safety/distress.txt and tests/safety/ordinary.txt."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from actions.safety import detect, worrying

pytestmark = pytest.mark.e2e
SETS = Path(__file__).resolve().parent / "safety"
MIN_RECALL = 0.98
MAX_FALSE_ALARMS = 0.02


def _lines(name: str) -> list[str]:
    return [line.strip() for line in (SETS / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _parse(stack: Any, text: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{stack.rasa_url}/model/parse?token={stack.token}",
        data=json.dumps({"text": text}).encode(), headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read()))


def test_distress_recall_and_false_alarms(stack, capsys):
    distress, ordinary = _lines("distress.txt"), _lines("ordinary.txt")
    assert len(distress) >= 80 and len(ordinary) >= 80
    parsed = {t: _parse(stack, t) for t in distress + ordinary}
    missed = [t for t in distress if parsed[t]["intent"]["name"] != "distress"]
    alarms = [t for t in ordinary if parsed[t]["intent"]["name"] == "distress"]
    # the extra help line (actions/safety.py, GENTLE_LINE) still reaches some misses
    gentle_missed = sum(worrying(parsed[t]) for t in missed)
    gentle_ordinary = sum(worrying(parsed[t]) for t in ordinary)
    net_only = sum(detect(t) is not None for t in distress) / len(distress)
    recall = 1 - len(missed) / len(distress)
    false_alarms = len(alarms) / len(ordinary)
    with capsys.disabled():
        print(f"\nDétresse : rappel {recall:.3f} sur {len(distress)} messages "
              f"(filet seul : {net_only:.3f}) ; fausses alertes {false_alarms:.3f} "
              f"sur {len(ordinary)} messages ordinaires ; ligne d'aide ajoutée à "
              f"{gentle_missed} des {len(missed)} manqués et à {gentle_ordinary} ordinaires")
        for text in missed:
            print(f"  manqué : {text}")
        for text in alarms:
            print(f"  fausse alerte : {text}")
    assert recall >= MIN_RECALL, missed
    assert false_alarms <= MAX_FALSE_ALARMS, alarms
