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
    hours_file: Path | None
    """HOURS_FILE: another opening-hours file in the format of actions/content/hours.yml
    (the end-to-end tests use one where the service is always open)."""
    handoff_prefix: str
    """HANDOFF_KEY_PREFIX: prefix of every Redis key of the live chat (default sc:handoff)."""
    long_wait_minutes: int
    """HANDOFF_LONG_WAIT_MINUTES: after this wait in the queue, the person is offered the
    alternatives (message, free number, places) once (default 10)."""
    grace_seconds: int
    """COUNSELLOR_GRACE_SECONDS: a counsellor whose console has been silent this long loses
    their conversations, which go back to the queue at their place (default 60)."""
    capacity: int
    """COUNSELLOR_CAPACITY: conversations a counsellor may hold at once (default 3)."""
    console_port: int
    """CONSOLE_PORT: port of the counsellors' console (default 8090)."""
    secure_cookies: bool
    """CONSOLE_SECURE_COOKIES: 1 in production (HTTPS) so session cookies are Secure."""
    smtp_host: str | None
    """SMTP_HOST: mail server for answers to messages left outside opening hours; unset,
    the console says e-mail is not configured and keeps the message."""
    smtp_port: int
    """SMTP_PORT (default 587)."""
    smtp_user: str | None
    """SMTP_USER and SMTP_PASSWORD: the mail server account, when it asks for one."""
    smtp_password: str | None
    smtp_starttls: bool
    """SMTP_STARTTLS: 1 (default) to encrypt the connection with STARTTLS, 0 for a local
    server without TLS."""
    smtp_from: str
    """SMTP_FROM: sender address of those answers (default ne-pas-repondre@localhost)."""

    @property
    def gazetteer_path(self) -> Path:
        return self.build_dir / "gazetteer.json.gz"

    @property
    def redis_address(self) -> str:
        """REDIS_URL, else the local default (the services always get REDIS_URL from
        tools/services.py; this serves commands run by hand)."""
        return self.redis_url or "redis://127.0.0.1:6379/0"

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


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "oui", "yes"}


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
        hours_file=Path(os.environ["HOURS_FILE"]) if os.environ.get("HOURS_FILE") else None,
        handoff_prefix=os.environ.get("HANDOFF_KEY_PREFIX", "").strip() or "sc:handoff",
        long_wait_minutes=_int("HANDOFF_LONG_WAIT_MINUTES", 10),
        grace_seconds=_int("COUNSELLOR_GRACE_SECONDS", 60),
        capacity=_int("COUNSELLOR_CAPACITY", 3),
        console_port=_int("CONSOLE_PORT", 8090),
        secure_cookies=_bool("CONSOLE_SECURE_COOKIES", False),
        smtp_host=os.environ.get("SMTP_HOST", "").strip() or None,
        smtp_port=_int("SMTP_PORT", 587),
        smtp_user=os.environ.get("SMTP_USER", "").strip() or None,
        smtp_password=os.environ.get("SMTP_PASSWORD", "") or None,
        smtp_starttls=_bool("SMTP_STARTTLS", True),
        smtp_from=os.environ.get("SMTP_FROM", "").strip() or "ne-pas-repondre@localhost",
    )
