"""Data files loaded once, on first use (never at import time), shared by the actions."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class LoadedOnce(Generic[T]):
    """``get(path)`` loads ``path`` the first time, then returns the same object."""

    def __init__(self, loader: Callable[[Path], T], hint: str) -> None:
        self._loader = loader
        self._hint = hint
        self._lock = threading.Lock()
        self._loaded: dict[Path, T] = {}

    def get(self, path: Path) -> T:
        with self._lock:
            if path not in self._loaded:
                if not path.is_file():
                    raise FileNotFoundError(f"{path} est absent : {self._hint}")
                self._loaded[path] = self._loader(path)
            return self._loaded[path]
