"""The local .env file: settings kept between runs (the generated RASA_TOKEN)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from actions.settings import ROOT

ENV_FILE = ROOT / ".env"


def read_env_file(path: Path = ENV_FILE) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip().strip("'\"")
    return values


def load_env_file(path: Path = ENV_FILE) -> None:
    """Copies the .env values into os.environ, without overriding what is already set."""
    for key, value in read_env_file(path).items():
        os.environ.setdefault(key, value)


def ensure_rasa_token(path: Path = ENV_FILE) -> str:
    """RASA_TOKEN from the environment, or from .env, or a new one written into .env."""
    token = os.environ.get("RASA_TOKEN") or read_env_file(path).get("RASA_TOKEN")
    if not token:
        token = secrets.token_hex(32)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"# Jeton de l'API HTTP de Rasa, généré par make run\nRASA_TOKEN={token}\n")
        path.chmod(0o600)
    os.environ["RASA_TOKEN"] = token
    return token
