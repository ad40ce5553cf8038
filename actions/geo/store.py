"""The gazetteer shared by the actions, loaded on first use (never at import time)."""

from __future__ import annotations

import threading
from pathlib import Path

from actions.geo.gazetteer import Gazetteer
from actions.settings import get_settings

_lock = threading.Lock()
_loaded: dict[Path, Gazetteer] = {}


class GazetteerMissing(RuntimeError):
    """The gazetteer has not been built (run ``make data``)."""


def get_gazetteer() -> Gazetteer:
    path = get_settings().gazetteer_path
    with _lock:
        if path not in _loaded:
            if not path.is_file():
                raise GazetteerMissing(f"{path} est absent : lancez « make data ».")
            _loaded[path] = Gazetteer.load(path)
        return _loaded[path]
