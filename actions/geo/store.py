"""The gazetteer shared by the actions, loaded on first use (never at import time)."""

from __future__ import annotations

from actions.geo.gazetteer import Gazetteer
from actions.lazy import LoadedOnce
from actions.settings import get_settings

_gazetteer = LoadedOnce(Gazetteer.load, "lancez « make data ».")


def get_gazetteer() -> Gazetteer:
    """The built gazetteer (FileNotFoundError when ``make data`` has not run)."""
    return _gazetteer.get(get_settings().gazetteer_path)
