"""Cross-validation of distress detection on the development sets only
(tests/safety/dev*_distress.txt, dev*_ordinary.txt): the independent test set
(tests/safety/distress.txt, ordinary.txt) is never read here.

The development messages are part of the binary classifier's training data
(data/safety/positives.txt, negatives.txt). Three ways to judge each message by a model
that never saw it:
- ``python -m tools.safety_cv loso`` (seconds, the one that chose the threshold): leave one
  set out. The binary classifier (actions/distress_model.py, no Rasa) is trained without
  one development set, written by one writer, and judges it; then the next set. This is
  the closest to a new writer's messages;
- ``python -m tools.safety_cv`` (about half an hour): K folds over all the sets, the whole
  NLU trained by Rasa without each fold, so the intent classifier is judged too;
- ``python -m tools.safety_cv fresh dev5``: a new set, parsed by the current model before
  it joins the training data;
- ``python -m tools.safety_cv new dev7 dev8`` (seconds): new sets judged by the patterns and
  by the binary classifier trained on all the rest, which is what decides in the assistant
  (the intent classifier's own distress guess is dropped).
The rows are written to build/, and decision rules (how sure the classifier must be, what
vetoes it) are compared for each set and for all together.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from actions.distress_model import read_messages
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


# the development sets in the training data (dev3 chose the threshold on its own with
# ``fresh dev3`` before it joined them)
TRAINED_ON = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9",
              "dev10", "dev11", "dev12")
Item = tuple[str, bool, str]  # text, distress or not, development set


def _items(prefix: str) -> list[Item]:
    return ([(t, True, prefix) for t in _lines(f"{prefix}_distress.txt")]
            + [(t, False, prefix) for t in _lines(f"{prefix}_ordinary.txt")])


def _row(item: Item, result: dict[str, Any]) -> dict[str, Any]:
    text, is_distress, prefix = item
    ranking = {r["name"]: r["confidence"] for r in result.get("intent_ranking", [])}
    return {"text": text, "distress": is_distress, "net": detect(text) is not None,
            "hyperbole": looks_like_hyperbole(text), "intent": result["intent"]["name"],
            "p_distress": ranking.get("distress", 0.0),
            "p_binary": float(result.get("distress_probability", 0.0)),
            "top": max(ranking.values()) if ranking else 0.0, "set": prefix}


def fresh(prefix: str) -> list[dict[str, Any]]:
    """A development set the current model was not trained on, parsed by that model."""
    items = _items(prefix)
    parsed = asyncio.run(_parse(ROOT / "models" / "seconde-chance.tar.gz",
                                [t for t, _, _ in items]))
    return [_row(item, r) for item, r in zip(items, parsed, strict=True)]


_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def training_examples(nlu_dir: Path) -> tuple[list[str], list[str]]:
    """The distress examples and all the others, as the safety net's classifier takes them
    (entity annotations removed)."""
    import yaml

    distress: list[str] = []
    other: list[str] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            examples = [_ANNOTATION.sub(r"\1", line.strip()[2:])
                        for line in str(block["examples"]).splitlines()
                        if line.strip().startswith("- ")]
            (distress if block["intent"] == "distress" else other).extend(examples)
    return distress, other


def _binary_training_data() -> tuple[list[str], list[str]]:
    """What the safety net's binary classifier is trained on: every NLU example, plus the
    files of extra distress and ordinary messages."""
    distress, other = training_examples(ROOT / "data" / "nlu")
    distress += read_messages(ROOT / "data" / "safety" / "positives.txt")
    other += read_messages(ROOT / "data" / "safety" / "negatives.txt")
    return distress, other


def _judge(held: list[Item], distress: list[str], other: list[str]) -> list[dict[str, Any]]:
    """The held-out messages, judged by the binary classifier trained without them."""
    from actions.distress_model import DistressModel

    held_norm = {normalize_words(t) for t, _, _ in held}
    model = DistressModel().fit([t for t in distress if normalize_words(t) not in held_norm],
                                [t for t in other if normalize_words(t) not in held_norm])
    return [_row(item, {"intent": {"name": "?"},
                        "distress_probability": model.probability(item[0])}) for item in held]


def leave_one_set_out() -> list[dict[str, Any]]:
    distress, other = _binary_training_data()
    return [row for prefix in TRAINED_ON for row in _judge(_items(prefix), distress, other)]


def unseen(prefixes: list[str]) -> list[dict[str, Any]]:
    """New development sets, not yet in the training data, judged by the patterns and by the
    binary classifier trained on everything else (seconds, no Rasa training)."""
    distress, other = _binary_training_data()
    held = [item for prefix in prefixes for item in _items(prefix)]
    held_norm = {normalize_words(t) for t, _, _ in held}
    leaked = sum(normalize_words(t) in held_norm for t in distress + other)
    if leaked:
        print(f"attention : {leaked} messages de ces jeux sont déjà dans l'entraînement")
    return _judge(held, distress, other)


def collect() -> list[dict[str, Any]]:
    items = [item for prefix in TRAINED_ON for item in _items(prefix)]
    random.Random(7).shuffle(items)
    rows: list[dict[str, Any]] = []
    rasa = str(Path(sys.executable).parent / "rasa")
    for fold in range(K):
        held = items[fold::K]
        with tempfile.TemporaryDirectory(prefix="sc-safety-cv-") as tmp:
            work = Path(tmp)
            shutil.copytree(ROOT / "data" / "nlu", work / "nlu")
            held_norm = {normalize_words(t) for t, _, _ in held}
            removed = _without(work / "nlu", held_norm)
            config = (ROOT / "config.yml").read_text(encoding="utf-8")
            for name in ("positives", "negatives"):
                kept = [t for t in read_messages(ROOT / "data" / "safety" / f"{name}.txt")
                        if normalize_words(t) not in held_norm]
                (work / f"{name}.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
                config = config.replace(f"{name}: data/safety/{name}.txt",
                                        f"{name}: {work / (name + '.txt')}")
            (work / "config.yml").write_text(config, encoding="utf-8")
            env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
            subprocess.run([rasa, "train", "nlu", "--config", str(work / "config.yml"),
                            "--nlu", str(work / "nlu"), "--out", str(work / "models"),
                            "--fixed-model-name", "cv", "--quiet"], cwd=ROOT, check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            parsed = asyncio.run(_parse(work / "models" / "cv.tar.gz", [t for t, _, _ in held]))
        print(f"pli {fold + 1}/{K} : {len(held)} messages mis de côté "
              f"({removed} retirés de l'entraînement)", flush=True)
        rows += [_row(item, result) for item, result in zip(held, parsed, strict=True)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows


def report(rows: list[dict[str, Any]]) -> None:
    for name in dict.fromkeys(r.get("set", "dev") for r in rows):
        subset = [r for r in rows if r.get("set", "dev") == name]
        if subset and len(subset) < len(rows):
            print(f"\n— jeu {name} —")
            _report(subset)
    print("\n— ensemble —")
    _report(rows)


def _report(rows: list[dict[str, Any]]) -> None:
    distress = [r for r in rows if r["distress"]]
    ordinary = [r for r in rows if not r["distress"]]

    def score(rule: Any) -> tuple[float, float]:
        recall = sum(rule(r) for r in distress) / len(distress)
        alarms = sum(rule(r) for r in ordinary) / len(ordinary)
        return recall, alarms

    rules: dict[str, Any] = {"motifs seuls": lambda r: r["net"]}
    if any(r["intent"] != "?" for r in rows):  # the leave-one-set-out rows have no intent
        rules["décision du modèle (intention distress)"] = lambda r: r["intent"] == "distress"
    for threshold in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        rules[f"motifs, ou binaire ≥ {threshold} hors hyperbole"] = (
            lambda r, t=threshold: r["net"] or (r["p_binary"] >= t and not r["hyperbole"]))
    print(f"\n{len(distress)} messages de détresse et {len(ordinary)} ordinaires "
          "(jeux de développement) :")
    for name, rule in rules.items():
        recall, alarms = score(rule)
        print(f"  {name:<48} rappel {recall:.3f}   fausses alertes {alarms:.3f}")


def _saved(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, also written to build/ for a closer look."""
    (OUT.parent / name).parent.mkdir(parents=True, exist_ok=True)
    (OUT.parent / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    return rows


def main() -> int:
    """``python -m tools.safety_cv`` (K folds), ``… loso`` (leave one set out), ``… report``
    (from the saved K-fold rows), ``… fresh dev6`` (a set the current model never saw),
    ``… new dev7 dev8`` (sets not yet in the training data, binary classifier only)."""
    if sys.argv[1:] == ["report"]:
        rows = json.loads(OUT.read_text(encoding="utf-8"))
    elif sys.argv[1:] == ["loso"]:
        rows = _saved("safety_loso.json", leave_one_set_out())
    elif sys.argv[1:2] == ["new"]:
        rows = _saved("safety_new.json", unseen(sys.argv[2:]))
    elif sys.argv[1:2] == ["fresh"]:
        rows = _saved(f"safety_{sys.argv[2]}.json", fresh(sys.argv[2]))
    else:
        rows = collect()
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
