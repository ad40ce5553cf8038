"""Creates, lists and deletes counsellor accounts (the only way to create one).

    python -m handoff.console.accounts add marie --name Marie --role counsellor
    python -m handoff.console.accounts delete marie
    python -m handoff.console.accounts list

The password is asked at the prompt, or read from stdin (--password-stdin, or whenever
stdin is not a terminal: ``printf '%s\n' "$PASSWORD" | make account …``).
Uses REDIS_URL and HANDOFF_KEY_PREFIX like the console; without REDIS_URL, the Redis that
``make run`` started (its address is in build/run/redis_url while it runs).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from redis.asyncio import Redis

from actions.settings import ROOT, get_settings
from handoff.console.auth import ROLES, Accounts
from handoff.keys import Keys


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handoff.console.accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="créer ou modifier un compte")
    add.add_argument("login")
    add.add_argument("--name", default="", help="prénom affiché à la personne")
    add.add_argument("--role", choices=ROLES, default="counsellor")
    add.add_argument("--password-stdin", action="store_true")
    delete = sub.add_parser("delete", help="supprimer un compte")
    delete.add_argument("login")
    sub.add_parser("list", help="lister les comptes")
    args = parser.parse_args(argv)
    settings = get_settings()
    url = settings.redis_url
    running = ROOT / "build" / "run" / "redis_url"  # written by make run
    if not url and running.is_file():
        url = running.read_text(encoding="utf-8").strip()
    if not url:
        print("Aucun Redis : lancez « make run » dans un autre terminal, ou donnez REDIS_URL.",
              file=sys.stderr)
        return 1
    redis = Redis.from_url(url)
    keys = Keys(settings.handoff_prefix)
    accounts = Accounts(redis, keys)
    try:
        if args.command == "add":
            if args.password_stdin or not sys.stdin.isatty():
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = getpass.getpass("Mot de passe : ")
                if getpass.getpass("Encore une fois : ") != password:
                    print("Les deux mots de passe diffèrent.", file=sys.stderr)
                    return 1
            try:
                await accounts.create(args.login, args.name, args.role, password)
            except ValueError as exc:
                print(f"Compte non créé : {exc}", file=sys.stderr)
                return 1
            print(f"Compte « {args.login} » ({args.role}) enregistré.")
        elif args.command == "delete":
            done = await accounts.delete(args.login)
            print("Compte supprimé." if done else "Aucun compte de ce nom.")
        else:
            async for key in redis.scan_iter(match=keys.account("*")):
                login = key.decode().rsplit(":", 1)[-1]
                role = (await redis.hget(key, "role") or b"").decode()
                print(f"{login}\t{role}")
    finally:
        await redis.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
