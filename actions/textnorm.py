"""Text normalisation shared by every parser: lower case, no accents, no punctuation."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'’`´‘"
_SEPARATORS = re.compile(r"[\-_/\\.,;:!?()\[\]\"«»“”…+*=#@&|<>~^%$€]")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lower-case ASCII form of ``text``: accents removed, apostrophes and hyphens as spaces.

    >>> normalize("L'Haÿ-les-Roses")
    'l hay les roses'
    """
    text = strip_accents(text.lower())
    text = text.replace("œ", "oe").replace("æ", "ae")
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, " ")
    text = text.replace("-", " ")
    return _SPACES.sub(" ", text).strip()


def normalize_words(text: str) -> str:
    """Like :func:`normalize`, and punctuation becomes spaces too (digits are kept)."""
    text = normalize(text)
    text = _SEPARATORS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
