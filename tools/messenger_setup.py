"""``make messenger-setup``: sets the Messenger page's get-started button and greeting
(FACEBOOK_PAGE_ACCESS_TOKEN, FACEBOOK_GRAPH_URL)."""

from __future__ import annotations

import asyncio
import os
import sys

from actions.messenger_channel import DEFAULT_GRAPH_URL, GraphClient, setup_profile
from tools.envfile import load_env_file

GREETING = ("Bonjour ! Vous avez quitté l'école sans diplôme, ou votre enfant décroche ? "
            "Écrivez-moi : je vous oriente, gratuitement et anonymement.")


def main() -> int:
    load_env_file()
    token = os.environ.get("FACEBOOK_PAGE_ACCESS_TOKEN", "")
    if not token:
        print("FACEBOOK_PAGE_ACCESS_TOKEN manque (dans l'environnement ou .env).", file=sys.stderr)
        return 2
    client = GraphClient(os.environ.get("FACEBOOK_GRAPH_URL") or DEFAULT_GRAPH_URL, token)
    answer = asyncio.run(setup_profile(client, GREETING))
    print(f"Réponse de l'API Graph : {answer}")
    return 0 if "error" not in answer else 1


if __name__ == "__main__":
    raise SystemExit(main())
