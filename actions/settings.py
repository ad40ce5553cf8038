"""Every setting of the project, read from the environment when asked for.

Nothing is read at import time: call :func:`get_settings` where a value is needed.
Each setting is documented in the README (section "Réglages").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path | None
    """SECONDE_CHANCE_DATA_DIR: directory holding the official open-data files. When unset,
    the data build downloads them from their publishers into ``build/downloads``."""
    build_dir: Path
    """SECONDE_CHANCE_BUILD_DIR: where built data (gazetteer) is written and read."""
    redis_url: str | None
    """REDIS_URL: the Redis server to use; unset means an embedded one is started."""
    rasa_port: int
    """RASA_PORT: port of the Rasa server (REST and socket.io channels, HTTP API)."""
    actions_port: int
    """ACTIONS_PORT: port of the action server."""
    web_port: int
    """WEB_PORT: port of the page serving the chat widget."""
    rasa_token: str | None
    """RASA_TOKEN: token protecting Rasa's HTTP API; generated into .env when missing."""
    conversation_ttl_days: int
    """CONVERSATION_TTL_DAYS: days after which trackers expire in Redis (default 30)."""
    geocoder_url: str | None
    """GEOCODER_URL: a server speaking the BAN API (https://api-adresse.data.gouv.fr) for
    street addresses; unset, only the offline gazetteer is used."""

    @property
    def gazetteer_path(self) -> Path:
        return self.build_dir / "gazetteer.json.gz"

    @property
    def conversation_ttl_seconds(self) -> int:
        return self.conversation_ttl_days * 86400


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} doit être un nombre entier (reçu : {raw!r})") from exc


def get_settings() -> Settings:
    data_dir = os.environ.get("SECONDE_CHANCE_DATA_DIR", "").strip()
    build_dir = os.environ.get("SECONDE_CHANCE_BUILD_DIR", "").strip()
    return Settings(
        data_dir=Path(data_dir) if data_dir else None,
        build_dir=Path(build_dir) if build_dir else ROOT / "build",
        redis_url=os.environ.get("REDIS_URL", "").strip() or None,
        rasa_port=_int("RASA_PORT", 5005),
        actions_port=_int("ACTIONS_PORT", 5055),
        web_port=_int("WEB_PORT", 8080),
        rasa_token=os.environ.get("RASA_TOKEN", "").strip() or None,
        conversation_ttl_days=_int("CONVERSATION_TTL_DAYS", 30),
        geocoder_url=os.environ.get("GEOCODER_URL", "").strip() or None,
    )
