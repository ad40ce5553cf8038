"""Benchmark of the live chat: the time from a person's message (web widget, socket.io) to
the counsellor's screen (console websocket), and from the counsellor's message (console
API) to the person's window, with CONVERSATIONS conversations in progress at once.

    python -m tools.bench_handoff        (also run by ``make bench``)

Starts its own stack (Redis, action server, Rasa, console). Prints medians and p95.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import socketio
from redis.asyncio import Redis

from actions.settings import ROOT
from handoff.console.auth import Accounts
from handoff.keys import Keys
from tools.services import start_stack

CONVERSATIONS = 50
COUNSELLORS = 5
ROUNDS = 10
PASSWORD = secrets.token_urlsafe(16)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


class Arrivals:
    """When each awaited text arrives (perf_counter), for one receiving end."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}

    def expect(self, text: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[text] = future
        return future

    def arrived(self, text: str) -> None:
        future = self.waiting.pop(text, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())


class Person(Arrivals):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.session = secrets.token_hex(16)
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("bot_uttered", self._received)

    async def _received(self, message: dict[str, Any]) -> None:
        self.arrived(message.get("text", ""))

    async def start(self) -> None:
        await self.client.connect(self.url, transports=["websocket"])
        await self.client.emit("session_request", {"session_id": self.session})
        await asyncio.sleep(0.05)

    async def say(self, text: str) -> None:
        await self.client.emit("user_uttered", {"session_id": self.session, "message": text})


class Counsellor(Arrivals):
    def __init__(self, base: str, login: str) -> None:
        super().__init__()
        self.base, self.login = base, login
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.headers: dict[str, str] = {}
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        async with self.http.post(f"{self.base}api/signin",
                                  json={"login": self.login, "password": PASSWORD}) as r:
            self.headers = {"X-CSRF-Token": (await r.json())["csrf"]}
        self.ws = await self.http.ws_connect(f"{self.base}ws")
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            data = message.json()
            if data.get("type") == "message":
                self.arrived(data.get("text", ""))

    async def claim(self) -> str:
        async with self.http.post(f"{self.base}api/claim", json={},
                                  headers=self.headers) as r:
            return str((await r.json())["conv"])

    async def send(self, conv: str, text: str) -> None:
        async with self.http.post(f"{self.base}api/conv/{conv}/send", json={"text": text},
                                  headers=self.headers) as r:
            assert r.status == 200, await r.text()

    async def stop(self) -> None:
        if self.reader:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        await self.http.close()


async def _run(rasa_url: str, console_url: str, redis_url: str, prefix: str
               ) -> tuple[list[float], list[float]]:
    redis = Redis.from_url(redis_url)
    accounts = Accounts(redis, Keys(prefix))
    for i in range(COUNSELLORS):
        await accounts.create(f"bench{i}", f"Conseil{i}", "counsellor", PASSWORD)
    people = [Person(rasa_url) for _ in range(CONVERSATIONS)]
    await asyncio.gather(*(p.start() for p in people))
    for person in people:  # each joins the queue
        await person.say("je veux parler a un conseiller")
    deadline = time.monotonic() + 60
    while await redis.zcard(Keys(prefix).queue) < CONVERSATIONS:
        if time.monotonic() > deadline:
            raise RuntimeError("les conversations ne sont pas toutes entrées dans la file")
        await asyncio.sleep(0.2)
    counsellors = [Counsellor(console_url, f"bench{i}") for i in range(COUNSELLORS)]
    await asyncio.gather(*(c.start() for c in counsellors))
    holder: dict[str, tuple[Counsellor, Person]] = {}
    by_session = {p.session: p for p in people}
    for index in range(CONVERSATIONS):
        counsellor = counsellors[index % COUNSELLORS]
        conv = await counsellor.claim()
        holder[conv] = (counsellor, by_session[conv])
    await asyncio.sleep(1)
    to_counsellor: list[float] = []
    to_person: list[float] = []

    async def one_round(conv: str, counsellor: Counsellor, person: Person, n: int) -> None:
        text = f"question {n} de {conv[:8]}"
        arrived = counsellor.expect(text)
        started = time.perf_counter()
        await person.say(text)
        to_counsellor.append(await asyncio.wait_for(arrived, 10) - started)
        reply = f"réponse {n} pour {conv[:8]}"
        delivered = person.expect(reply)
        started = time.perf_counter()
        await counsellor.send(conv, reply)
        to_person.append(await asyncio.wait_for(delivered, 10) - started)

    for n in range(ROUNDS):
        await asyncio.gather(*(one_round(conv, c, p, n) for conv, (c, p) in holder.items()))
    for counsellor in counsellors:
        await counsellor.stop()
    for person in people:
        await person.client.disconnect()
    await redis.close()
    return to_counsellor, to_person


def bench_live(workdir: Path) -> None:
    prefix = f"bench:{secrets.token_hex(4)}"
    env = {"HANDOFF_KEY_PREFIX": prefix, "COUNSELLOR_CAPACITY": str(CONVERSATIONS),
           "HOURS_FILE": str(ROOT / "tests" / "fixtures" / "hours_always_open.yml")}
    stack = start_stack(workdir / "logs", token=secrets.token_hex(16),
                        redis_url=os.environ.get("REDIS_URL") or None, extra_env=env)
    try:
        to_counsellor, to_person = asyncio.run(
            _run(stack.rasa_url, stack.console_url, stack.redis.url, prefix))
    finally:
        stack.stop()
    print(f"Chat en direct, {CONVERSATIONS} conversations en cours, {COUNSELLORS} conseillers, "
          f"{len(to_counsellor)} messages dans chaque sens ({os.cpu_count()} cœurs) :")
    for label, values in (("personne → écran du conseiller", to_counsellor),
                          ("conseiller → fenêtre de la personne", to_person)):
        ms = [v * 1000 for v in values]
        print(f"  {label:<38} médiane {statistics.median(ms):6.1f} ms   "
              f"p95 {_p95(ms):6.1f} ms")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sc-bench-live-") as tmp:
        bench_live(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
