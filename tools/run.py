"""``make run``: starts Redis (REDIS_URL or an embedded one), the action server, the Rasa
server, the web page and the counsellors' console, prints the addresses, and stops
everything on Ctrl-C."""

from __future__ import annotations

import signal
import sys
import time

from actions.settings import ROOT, get_settings
from tools.envfile import ensure_rasa_token, load_env_file
from tools.services import RUNNING_REDIS, start_stack


def main() -> int:
    load_env_file()
    token = ensure_rasa_token()
    settings = get_settings()
    log_dir = ROOT / "build" / "logs"
    print("Démarrage de Redis, du serveur d'actions et du serveur Rasa…", flush=True)
    try:
        stack = start_stack(
            log_dir,
            token=token,
            redis_url=settings.redis_url,
            rasa_port=settings.rasa_port,
            actions_port=settings.actions_port,
            web_port=settings.web_port,
            console_port=settings.console_port,
            ttl_seconds=settings.conversation_ttl_seconds,
        )
    except RuntimeError as exc:
        print(f"Échec du démarrage : {exc}", file=sys.stderr)
        return 1
    redis_kind = "REDIS_URL" if settings.redis_url else "embarqué"
    # `make account` finds the embedded Redis through this file while make run runs
    RUNNING_REDIS.parent.mkdir(parents=True, exist_ok=True)
    RUNNING_REDIS.write_text(stack.redis.url, encoding="utf-8")
    base = stack.rasa_url
    print(
        "\nSeconde Chance est prêt :\n"
        f"  Page web (widget)   {stack.web_url}\n"
        f"  Console conseillers {stack.console_url} (supervision : {stack.console_url}"
        "supervision)\n"
        f"  Canal REST          POST {base}/webhooks/rest/webhook\n"
        f"  Canal socket.io     {base}/socket.io\n"
        f"  API HTTP de Rasa    {base}/status?token=… (jeton RASA_TOKEN dans .env)\n"
        f"  Serveur d'actions   http://127.0.0.1:{stack.actions_port}/health\n"
        f"  {'Redis (' + redis_kind + ')':<20}{stack.redis.url}\n"
        f"  Journaux            {log_dir}\n"
        "\nEssai : curl -s -XPOST "
        f"{base}/webhooks/rest/webhook -H 'Content-Type: application/json' "
        "-d '{\"sender\": \"essai\", \"message\": \"bonjour\"}'\n"
        "Compte de conseiller : make account LOGIN=prenom NAME=Prénom ROLE=counsellor "
        "(ou ROLE=supervisor)\n"
        "Ctrl-C pour tout arrêter.",
        flush=True,
    )
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for service in stack.services:
                if service.process.poll() is not None:
                    print(f"{service.name} s'est arrêté :\n{service.log_tail()}", file=sys.stderr)
                    stopping = True
            time.sleep(0.5)
    finally:
        print("\nArrêt des services…", flush=True)
        RUNNING_REDIS.unlink(missing_ok=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
