"""The assistant's content: answers with their sources (YAML), read on first use."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Answer:
    id: str
    text: str
    sources: tuple[str, ...]
    """Each source: a reference text's name or an official page's address."""


def _source(entry: Any) -> str:
    if isinstance(entry, dict):
        return str(entry.get("url") or entry.get("ref") or "")
    return str(entry)


@functools.lru_cache(maxsize=1)
def faq_answers() -> dict[str, Answer]:
    with (CONTENT_DIR / "faq.yml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    answers = {}
    for key, entry in data["answers"].items():
        text = " ".join(str(entry["text"]).split())
        answers[key] = Answer(key, text, tuple(_source(s) for s in entry.get("sources", [])))
    return answers
