"""The structure index shared by the actions, loaded on first use (never at import time)."""

from __future__ import annotations

import threading
from pathlib import Path

from actions.places.search import StructureIndex
from actions.settings import get_settings

_lock = threading.Lock()
_loaded: dict[Path, StructureIndex] = {}


def get_structure_index() -> StructureIndex:
    path = get_settings().build_dir / "structures.json.gz"
    with _lock:
        if path not in _loaded:
            if not path.is_file():
                raise FileNotFoundError(f"{path} est absent : lancez « make data ».")
            _loaded[path] = StructureIndex.load(path)
        return _loaded[path]
