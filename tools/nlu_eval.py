"""``make eval``: held-out NLU evaluation of our pipeline, compared in the same run with
Rasa's default pipeline trained on the same data.

Writes reports/nlu/{ours,baseline}/intent_report.json and reports/nlu/comparison.md, prints
per-intent precision, recall and F1, and fails when our macro-F1 is under the floor.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import rasa

from actions.settings import ROOT

FLOOR = 0.85
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
OURS = ROOT / "models" / "seconde-chance.tar.gz"
BASELINE = ROOT / "models" / "baseline-nlu.tar.gz"
BASELINE_CONFIG = """# Rasa's default pipeline: left empty, Rasa fills it in (DIET and friends).
recipe: default.v1
language: fr
assistant_id: baseline
pipeline:
policies:
"""
REPORTS = ROOT / "reports" / "nlu"
RASA = str(Path(sys.executable).parent / "rasa")


def _fingerprint() -> str:
    digest = hashlib.sha256(BASELINE_CONFIG.encode())
    digest.update(rasa.__version__.encode())
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _run(args: list[str], log: Path) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as fh:
        code = subprocess.call(args, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    if code != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise SystemExit(f"Échec de {' '.join(args[:3])} (journal {log}) :\n{tail}")


def train_baseline() -> float | None:
    """Trains the baseline when the NLU data changed; returns the training time."""
    stamp = BASELINE.with_suffix(".sha256")
    fingerprint = _fingerprint()
    if BASELINE.is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
        return None
    config = ROOT / "build" / "baseline-config.yml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(BASELINE_CONFIG)
    print("Entraînement du pipeline par défaut de Rasa (référence)…", flush=True)
    started = time.perf_counter()
    _run([RASA, "train", "nlu", "--quiet", "--config", str(config), "--nlu", "data/nlu",
          "--out", "models", "--fixed-model-name", "baseline-nlu"],
         ROOT / "build" / "baseline-train.log")
    stamp.write_text(fingerprint)
    return time.perf_counter() - started


def evaluate(model: Path, name: str) -> dict[str, Any]:
    out = REPORTS / name
    _run([RASA, "test", "nlu", "--quiet", "--model", str(model), "--nlu", str(HELDOUT),
          "--out", str(out)], ROOT / "build" / f"eval-{name}.log")
    return dict(json.loads((out / "intent_report.json").read_text()))


def _intents(report: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in report.items()
                  if isinstance(v, dict) and not k.endswith(" avg"))


def comparison(ours: dict[str, Any], baseline: dict[str, Any]) -> str:
    lines = [
        "| intent | support | P | R | F1 | F1 (défaut Rasa) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for intent in _intents(ours):
        mine, theirs = ours[intent], baseline.get(intent, {})
        lines.append(
            f"| {intent} | {mine['support']} | {mine['precision']:.2f} | {mine['recall']:.2f} "
            f"| {mine['f1-score']:.2f} | {theirs.get('f1-score', 0.0):.2f} |"
        )
    lines.append(
        f"| **macro avg** | {ours['macro avg']['support']} | "
        f"{ours['macro avg']['precision']:.2f} | {ours['macro avg']['recall']:.2f} | "
        f"**{ours['macro avg']['f1-score']:.3f}** | "
        f"{baseline['macro avg']['f1-score']:.3f} |"
    )
    lines.append(f"| accuracy | | | | {ours['accuracy']:.3f} | {baseline['accuracy']:.3f} |")
    return "\n".join(lines)


def questions(ours: dict[str, Any]) -> str:
    """Retrieval accuracy per question: the share of its held-out sentences that reach it."""
    faq = [i for i in _intents(ours) if i.startswith("faq_")]
    if not faq:
        return ""
    recalls = {i: float(ours[i]["recall"]) for i in faq}
    worst = min(recalls, key=recalls.__getitem__)
    lines = ["| question | held-out | retrieved |", "|---|---:|---:|"]
    lines += [f"| {i} | {ours[i]['support']} | {recalls[i]:.0%} |" for i in faq]
    lines.append(f"\n{len(faq)} questions : précision moyenne de recherche "
                 f"{sum(recalls.values()) / len(faq):.0%}, la plus faible {worst} "
                 f"({recalls[worst]:.0%}).")
    return "\n".join(lines)


def main() -> int:
    if not OURS.is_file():
        print(f"{OURS} manque : lancez « make model ».", file=sys.stderr)
        return 2
    trained = train_baseline()
    ours = evaluate(OURS, "ours")
    baseline = evaluate(BASELINE, "baseline")
    table = comparison(ours, baseline)
    REPORTS.mkdir(parents=True, exist_ok=True)
    header = (f"# Évaluation NLU sur le jeu réservé ({HELDOUT.relative_to(ROOT)})\n\n"
              f"Plancher du macro-F1 : {FLOOR}\n\n")
    per_question = questions(ours)
    (REPORTS / "comparison.md").write_text(
        header + table + "\n\n## Questions (réponses)\n\n" + per_question + "\n")
    print(table)
    print(per_question)
    if trained is not None:
        print(f"(pipeline par défaut entraîné en {trained:.0f} s)")
    macro = float(ours["macro avg"]["f1-score"])
    if macro < FLOOR:
        print(f"ÉCHEC : macro-F1 {macro:.3f} sous le plancher {FLOOR}", file=sys.stderr)
        return 1
    print(f"Macro-F1 {macro:.3f} (plancher {FLOOR}) ; "
          f"pipeline par défaut : {baseline['macro avg']['f1-score']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
