"""The structure index shared by the actions, loaded on first use (never at import time)."""

from __future__ import annotations

from actions.lazy import LoadedOnce
from actions.places.search import StructureIndex
from actions.settings import get_settings

_index = LoadedOnce(StructureIndex.load, "lancez « make data ».")


def get_structure_index() -> StructureIndex:
    return _index.get(get_settings().build_dir / "structures.json.gz")
