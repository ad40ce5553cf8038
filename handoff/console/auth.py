"""Counsellor accounts, sign-in and sessions, all in Redis (several consoles can share it).

- Passwords hashed with argon2id (argon2-cffi); accounts are created by a command
  (``python -m handoff.console.accounts``), never through the web.
- Sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure in production),
  with its own CSRF token, which every state-changing request must send back in the
  ``X-CSRF-Token`` header.
- Sign-in: after MAX_FAILURES wrong passwords for a login, that login is locked for
  LOCK_SECONDS, whatever the password; and the whole service accepts at most
  SIGNINS_PER_MINUTE attempts a minute (counted in Redis, without any address).
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from redis.asyncio import Redis

from handoff.keys import Keys

ROLES = ("counsellor", "supervisor")
LOGIN = re.compile(r"^[a-z0-9._-]{2,40}$")
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
SESSION_SECONDS = 12 * 3600
ACCOUNT_SECONDS = 400 * 86400  # an account unused for over a year expires
MIN_PASSWORD = 12

_hasher = PasswordHasher()
# verifying against this when the login is unknown takes as long as a real check
_DUMMY = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class Session:
    token: str
    login: str
    name: str
    role: str
    csrf: str

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"


class Locked(Exception):
    """Too many failed sign-ins for this login."""


class Throttled(Exception):
    """Too many sign-in attempts on the whole service this minute."""


SIGNINS_PER_MINUTE = 60


class Accounts:
    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis, self.keys = redis, keys

    async def create(self, login: str, name: str, role: str, password: str) -> None:
        if not LOGIN.match(login):
            raise ValueError("identifiant : 2 à 40 caractères parmi a-z, 0-9, . _ -")
        if role not in ROLES:
            raise ValueError(f"rôle : {' ou '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"mot de passe : au moins {MIN_PASSWORD} caractères")
        name = name.strip()[:40] or login
        key = self.keys.account(login)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"name": name, "role": role,
                                    "hash": _hasher.hash(password)})
            pipe.expire(key, ACCOUNT_SECONDS)
            await pipe.execute()

    async def delete(self, login: str) -> bool:
        return bool(await self.redis.delete(self.keys.account(login)))

    async def sign_in(self, login: str, password: str) -> Session | None:
        """A new session, None for a wrong login or password; raises Locked."""
        minute = f"{self.keys.prefix}:signin-rate:{int(time.time() // 60)}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(minute)
            pipe.expire(minute, 120)
            attempts, _ = await pipe.execute()
        if int(attempts) > SIGNINS_PER_MINUTE:
            raise Throttled()
        failures_key = self.keys.signin_failures(login)
        failures = int(await self.redis.get(failures_key) or 0)
        if failures >= MAX_FAILURES:
            raise Locked()
        raw = await self.redis.hgetall(self.keys.account(login)) if LOGIN.match(login) else {}
        account = {k.decode(): v.decode() for k, v in raw.items()}
        try:
            _hasher.verify(account.get("hash") or _DUMMY, password)
            ok = bool(account)
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(failures_key)
                pipe.expire(failures_key, LOCK_SECONDS)
                await pipe.execute()
            return None
        await self.redis.delete(failures_key)
        await self.redis.expire(self.keys.account(login), ACCOUNT_SECONDS)
        session = Session(token=secrets.token_urlsafe(32), login=login,
                          name=account.get("name", login), role=account.get("role", ""),
                          csrf=secrets.token_urlsafe(32))
        key = self.keys.session(session.token)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"login": login, "name": session.name,
                                    "role": session.role, "csrf": session.csrf})
            pipe.expire(key, SESSION_SECONDS)
            await pipe.execute()
        return session

    async def session(self, token: str | None) -> Session | None:
        if not token or len(token) > 100:
            return None
        raw = await self.redis.hgetall(self.keys.session(token))
        if not raw:
            return None
        fields = {k.decode(): v.decode() for k, v in raw.items()}
        if fields.get("role") not in ROLES:
            return None
        return Session(token=token, login=fields["login"], name=fields["name"],
                       role=fields["role"], csrf=fields["csrf"])

    async def sign_out(self, token: str) -> None:
        await self.redis.delete(self.keys.session(token))


def csrf_ok(session: Session, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf, sent or "")
