"""Cross-validation of distress detection on the development sets only
(tests/safety/dev_distress.txt, dev_ordinary.txt): the independent test set
(tests/safety/distress.txt, ordinary.txt) is never read here.

The development messages are part of the training data (data/nlu/safety_dev.yml,
lookalikes.yml). For each of K folds, the NLU is trained without that fold's messages and
parses them, so every development message is judged by a model that never saw it. The raw
classifier output is written to build/safety_cv.json, from which decision rules (how sure
the classifier must be, what vetoes it) are compared: ``python -m tools.safety_cv``.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from actions.safety import detect, looks_like_hyperbole
from actions.settings import ROOT
from actions.textnorm import normalize_words

K = 5
OUT = ROOT / "build" / "safety_cv.json"
DEV = ROOT / "tests" / "safety"


def _lines(name: str) -> list[str]:
    return [s.strip() for s in (DEV / name).read_text(encoding="utf-8").splitlines()
            if s.strip()]


def _without(nlu_dir: Path, held_out: set[str]) -> int:
    """Removes the held-out messages from every training file; returns how many."""
    removed = 0
    for path in nlu_dir.glob("*.yml"):
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("- ") and normalize_words(stripped[2:]) in held_out:
                removed += 1
                continue
            kept.append(line)
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return removed


async def _parse(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def collect() -> list[dict[str, Any]]:
    distress, ordinary = _lines("dev_distress.txt"), _lines("dev_ordinary.txt")
    items = [(t, True) for t in distress] + [(t, False) for t in ordinary]
    random.Random(7).shuffle(items)
    rows: list[dict[str, Any]] = []
    rasa = str(Path(sys.executable).parent / "rasa")
    for fold in range(K):
        held = items[fold::K]
        with tempfile.TemporaryDirectory(prefix="sc-safety-cv-") as tmp:
            work = Path(tmp)
            shutil.copytree(ROOT / "data" / "nlu", work / "nlu")
            removed = _without(work / "nlu", {normalize_words(t) for t, _ in held})
            subprocess.run([rasa, "train", "nlu", "--config", str(ROOT / "config.yml"),
                            "--nlu", str(work / "nlu"), "--out", str(work / "models"),
                            "--fixed-model-name", "cv", "--quiet"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            parsed = asyncio.run(_parse(work / "models" / "cv.tar.gz", [t for t, _ in held]))
        print(f"pli {fold + 1}/{K} : {len(held)} messages mis de côté "
              f"({removed} retirés de l'entraînement)", flush=True)
        for (text, is_distress), result in zip(held, parsed, strict=True):
            ranking = {r["name"]: r["confidence"] for r in result.get("intent_ranking", [])}
            rows.append({"text": text, "distress": is_distress,
                         "net": detect(text) is not None,
                         "hyperbole": looks_like_hyperbole(text),
                         "intent": result["intent"]["name"],
                         "p_distress": ranking.get("distress", 0.0),
                         "top": max(ranking.values()) if ranking else 0.0})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows


def report(rows: list[dict[str, Any]]) -> None:
    distress = [r for r in rows if r["distress"]]
    ordinary = [r for r in rows if not r["distress"]]

    def score(rule: Any) -> tuple[float, float]:
        recall = sum(rule(r) for r in distress) / len(distress)
        alarms = sum(rule(r) for r in ordinary) / len(ordinary)
        return recall, alarms

    rules: dict[str, Any] = {
        "filet seul": lambda r: r["net"],
        "classifieur (argmax) ou filet": lambda r: r["net"] or r["intent"] == "distress",
    }
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        rules[f"filet, ou classifieur ≥ {threshold}"] = (
            lambda r, t=threshold: r["net"] or r["p_distress"] >= t)
        rules[f"filet, ou classifieur ≥ {threshold} sans hyperbole"] = (
            lambda r, t=threshold: r["net"] or (r["p_distress"] >= t and not r["hyperbole"]))
    print(f"\nValidation croisée ({K} plis) sur {len(distress)} messages de détresse et "
          f"{len(ordinary)} ordinaires (jeux de développement) :")
    for name, rule in rules.items():
        recall, alarms = score(rule)
        print(f"  {name:<48} rappel {recall:.3f}   fausses alertes {alarms:.3f}")


def main() -> int:
    rows = (json.loads(OUT.read_text(encoding="utf-8")) if sys.argv[1:] == ["report"]
            else collect())
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
