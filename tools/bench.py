"""``make bench``: the speed and memory of the assistant, beside a bare ``rasa init`` bot.

Prints, for Seconde Chance and for the bare bot measured in the same run:
- the round trip of a message through the REST channel (median and p95), with one
  conversation at a time and with 20 concurrent ones, and the messages per second (each
  conversation is a whole scripted conversation, from a new sender);
- the peak memory (RSS) of each process;
- the training time.
Figures only: nothing here asserts a target (these machines are noisy).
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psutil
from redis.asyncio import Redis

from actions.eligibility import Situation
from actions.geo import build as geo_build
from actions.geo.gazetteer import Gazetteer
from actions.places import build as places_build
from actions.places.search import StructureIndex, suggested_types
from actions.settings import ROOT, get_settings
from actions.structures import search
from handoff.keys import Keys
from handoff.queue import HandoffQueue
from tools.services import Service, free_port, start_redis, start_stack, wait_http

RASA = str(Path(sys.executable).parent / "rasa")
OUR_SCRIPT = (
    "bonjour", "c pour moi", "g 17 ans", "non jvais plus en cours", "aucun", "amiens",
    "c quoi une mission locale", "merci",
)
BARE_SCRIPT = ("hello", "I am sad", "yes", "great", "bye", "are you a bot?")
SEQUENTIAL_CONVERSATIONS = 12
CONCURRENT = 20
CONVERSATIONS_PER_WORKER = 2


@dataclass
class MemoryWatch:
    processes: dict[str, psutil.Process]
    peaks: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _rss(self, process: psutil.Process) -> int:
        try:
            total = process.memory_info().rss
            for child in process.children(recursive=True):
                total += child.memory_info().rss
            return int(total)
        except psutil.Error:
            return 0

    def run(self) -> None:
        while not self._stop.is_set():
            for name, process in self.processes.items():
                self.peaks[name] = max(self.peaks.get(name, 0), self._rss(process))
            time.sleep(0.1)

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _conversations(session: aiohttp.ClientSession, url: str, script: Sequence[str],
                         count: int, latencies: list[float]) -> None:
    """``count`` whole conversations in a row, each the script from a new sender."""
    for _ in range(count):
        sender = uuid.uuid4().hex
        for message in script:
            started = time.perf_counter()
            async with session.post(url, json={"sender": sender, "message": message}
                                    ) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}")
            latencies.append(time.perf_counter() - started)


async def _load(url: str, script: Sequence[str], workers: int, count: int
                ) -> tuple[list[float], float]:
    latencies: list[float] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        # warm up (model caches, first action call)
        await _conversations(session, url, script, 1, [])
        started = time.perf_counter()
        await asyncio.gather(*(
            _conversations(session, url, script, count, latencies) for _ in range(workers)
        ))
        elapsed = time.perf_counter() - started
    return latencies, elapsed


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(url: str, script: Sequence[str]) -> dict[str, float]:
    one, one_time = asyncio.run(_load(url, script, 1, SEQUENTIAL_CONVERSATIONS))
    many, many_time = asyncio.run(_load(url, script, CONCURRENT, CONVERSATIONS_PER_WORKER))
    return {
        "1_median_ms": statistics.median(one) * 1000,
        "1_p95_ms": _p95(one) * 1000,
        "1_msg_s": len(one) / one_time,
        "20_median_ms": statistics.median(many) * 1000,
        "20_p95_ms": _p95(many) * 1000,
        "20_msg_s": len(many) / many_time,
    }


def _time_training(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}
    code = subprocess.call(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    if code != 0:
        raise RuntimeError(f"échec de l'entraînement : {' '.join(args)}")
    return time.perf_counter() - started


def bench_ours(workdir: Path) -> tuple[dict[str, float], dict[str, int], float]:
    training = _time_training(
        [RASA, "train", "--quiet", "--force", "--out", str(workdir / "models"),
         "--fixed-model-name", "b"],
        ROOT,
    )
    stack = start_stack(workdir / "logs", token=secrets.token_hex(16),
                        redis_url=os.environ.get("REDIS_URL") or None)
    try:
        processes = {s.name: psutil.Process(s.process.pid) for s in stack.services}
        if stack.redis.service is not None:
            processes["redis"] = psutil.Process(stack.redis.service.process.pid)
        with MemoryWatch(processes) as watch:
            figures = measure(f"{stack.rasa_url}/webhooks/rest/webhook", OUR_SCRIPT)
        return figures, watch.peaks, training
    finally:
        stack.stop()


def bench_bare(workdir: Path) -> tuple[dict[str, float], dict[str, int], float]:
    project = workdir / "bare"
    project.mkdir()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}
    subprocess.check_call([RASA, "init", "--no-prompt", "--init-dir", str(project)],
                          cwd=project, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    shutil.rmtree(project / "models", ignore_errors=True)
    training = _time_training([RASA, "train", "--quiet", "--force"], project)
    port = free_port()
    log = workdir / "bare-rasa.log"
    process = subprocess.Popen(
        [RASA, "run", "--port", str(port), "--enable-api", "--interface", "127.0.0.1"],
        cwd=project, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    service = Service("rasa", process, log)
    try:
        wait_http(service, f"http://127.0.0.1:{port}/", timeout=240)
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # wait for the model
            try:
                asyncio.run(_load(url, BARE_SCRIPT[:1], 1, 1))
                break
            except Exception:
                time.sleep(1)
        with MemoryWatch({"rasa": psutil.Process(process.pid)}) as watch:
            figures = measure(url, BARE_SCRIPT)
        return figures, watch.peaks, training
    finally:
        service.stop()


# Bounding boxes (lat, lon) for random points: metropole and the five overseas départements
BOXES = {
    "metropole": ((42.4, 51.0), (-4.7, 8.1), "75"),
    "guadeloupe": ((15.9, 16.5), (-61.8, -61.2), "971"),
    "martinique": ((14.4, 14.9), (-61.2, -60.8), "972"),
    "guyane": ((3.8, 5.7), (-54.4, -51.7), "973"),
    "reunion": ((-21.4, -20.9), (55.2, 55.8), "974"),
    "mayotte": ((-13.0, -12.6), (45.0, 45.3), "976"),
}
SEARCH_POINTS = 10_000


def bench_search() -> None:
    """Data build time, and the time of one search (the suggested types around a point)."""
    settings = get_settings()
    started = time.perf_counter()
    data, _report = geo_build.build(settings)
    gazetteer_time = time.perf_counter() - started
    gazetteer = Gazetteer(data)
    started = time.perf_counter()
    structures, _report2, _missing = places_build.build(settings, gazetteer)
    structures_time = time.perf_counter() - started
    index = StructureIndex(structures)
    rng = random.Random(2026)
    names = list(BOXES)
    weights = [80, 4, 4, 4, 4, 4]
    timings = []
    for _ in range(SEARCH_POINTS):
        territoire = rng.choices(names, weights)[0]
        (lat0, lat1), (lon0, lon1), dep = BOXES[territoire]
        lat, lon = rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)
        situation = Situation(rng.randint(14, 28), rng.choice([None, "aucun", "brevet"]),
                              "jeune", rng.choice([True, False]), territoire)
        started = time.perf_counter()
        kinds = suggested_types(situation, territoire)
        search(index, kinds, lat, lon, "ici", dep, 0)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"\nDonnées : gazetteer construit en {gazetteer_time:.1f} s, "
          f"{len(structures)} structures importées en {structures_time:.1f} s")
    print(f"Recherche des lieux ({SEARCH_POINTS} points au hasard, métropole et outre-mer, "
          f"types suggérés) : médiane {statistics.median(timings):.2f} ms, "
          f"p95 {_p95(timings):.2f} ms")


# Long messages built to make the patterns work hardest: cue words repeated up to the
# 2,000-character cap, so that every gap between two cues has many places to end.
SAFETY_REPEATS = ["jours mère ", "donne tel ", "maquille bras ", "mere partie ", "a ",
                  "photos sinon ", "dites a pas ", "force a ", "harcel cours sur ", "je ",
                  "pont si maths ", "console donne ", "avant maintenant je voudrais "]


def bench_safety() -> None:
    """Time of the safety net's patterns (detect and the hyperbole test) on the development
    sets' messages and on long adversarial messages."""
    from actions.safety import detect, looks_like_hyperbole

    sets = ROOT / "tests" / "safety"
    messages = [line.strip() for path in sorted(sets.glob("dev*_*.txt"))
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def timed(text: str) -> float:
        started = time.perf_counter()
        detect(text)
        looks_like_hyperbole(text)
        return (time.perf_counter() - started) * 1000

    ordinary = [timed(text) for text in messages]
    long = [min(timed((cue * (2000 // len(cue)))[:2000]) for _ in range(3))
            for cue in SAFETY_REPEATS]
    print(f"Filet de sécurité : {len(messages)} messages des jeux de développement, médiane "
          f"{statistics.median(ordinary):.3f} ms, p95 {_p95(ordinary):.3f} ms ; messages de "
          f"2 000 caractères faits pour le ralentir : médiane {statistics.median(long):.1f} ms, "
          f"pire {max(long):.1f} ms")


QUEUE_CONVERSATIONS = 2000


async def _bench_queue(url: str) -> tuple[float, float]:
    client = Redis.from_url(url)
    queue = HandoffQueue(client, Keys(prefix=f"bench:{uuid.uuid4().hex}"), ttl_seconds=600)
    try:
        for i in range(QUEUE_CONVERSATIONS):
            await queue.enqueue(f"c{i}", territoire="metropole", card={"n": i})
        started = time.perf_counter()
        # 20 counsellors claim concurrently until the queue is empty
        async def counsellor(name: str) -> int:
            taken = 0
            while (await queue.claim(name, capacity=10**6)).ok:
                taken += 1
            return taken

        taken = await asyncio.gather(*(counsellor(f"k{i}") for i in range(20)))
        elapsed = time.perf_counter() - started
        assert sum(taken) == QUEUE_CONVERSATIONS
        return QUEUE_CONVERSATIONS / elapsed, elapsed
    finally:
        async for key in client.scan_iter(match=f"{queue.keys.prefix}:*"):
            await client.delete(key)
        await client.close()


def bench_queue(workdir: Path) -> None:
    target = start_redis(workdir, os.environ.get("REDIS_URL") or None)
    try:
        rate, elapsed = asyncio.run(_bench_queue(target.url))
    finally:
        if target.service is not None:
            target.service.stop()
    print(f"File d'attente : {QUEUE_CONVERSATIONS} prises en charge par 20 conseillers en "
          f"concurrence, {rate:.0f} par seconde ({elapsed:.2f} s), sur un seul Redis")


def _row(label: str, ours: float, bare: float, unit: str, better: str) -> str:
    ratio = (ours / bare) if bare else float("nan")
    return f"  {label:<38} {ours:>9.1f} {unit:<6} {bare:>9.1f} {unit:<6} ×{ratio:.2f} ({better})"


def main() -> int:
    bench_search()
    bench_safety()
    with tempfile.TemporaryDirectory(prefix="sc-bench-queue-") as tmp:
        bench_queue(Path(tmp))
    if sys.argv[1:] == ["quick"]:
        return 0
    from tools.bench_handoff import bench_live

    with tempfile.TemporaryDirectory(prefix="sc-bench-live-") as tmp:
        bench_live(Path(tmp))
    # the embedded Redis is only used when REDIS_URL is unset; check it starts at all
    with tempfile.TemporaryDirectory(prefix="sc-bench-") as tmp:
        workdir = Path(tmp)
        probe = start_redis(workdir, os.environ.get("REDIS_URL") or None)
        if probe.service is not None:
            probe.service.stop()
        print("Mesures de Seconde Chance…", flush=True)
        ours, our_memory, our_training = bench_ours(workdir)
        print("Mesures du robot nu « rasa init »…", flush=True)
        bare, bare_memory, bare_training = bench_bare(workdir)
    print(f"\nAller-retour d'un message par le canal REST ({os.cpu_count()} cœurs) :")
    print(f"  {'':<38} {'Seconde Chance':>16} {'rasa init':>16}  rapport")
    print(_row("1 conversation : médiane", ours["1_median_ms"], bare["1_median_ms"], "ms",
               "moins est mieux"))
    print(_row("1 conversation : p95", ours["1_p95_ms"], bare["1_p95_ms"], "ms",
               "moins est mieux"))
    print(_row("1 conversation : débit", ours["1_msg_s"], bare["1_msg_s"], "msg/s",
               "plus est mieux"))
    print(_row(f"{CONCURRENT} conversations : médiane", ours["20_median_ms"],
               bare["20_median_ms"], "ms", "moins est mieux"))
    print(_row(f"{CONCURRENT} conversations : p95", ours["20_p95_ms"], bare["20_p95_ms"], "ms",
               "moins est mieux"))
    print(_row(f"{CONCURRENT} conversations : débit", ours["20_msg_s"], bare["20_msg_s"],
               "msg/s", "plus est mieux"))
    print(_row("entraînement", our_training, bare_training, "s", "moins est mieux"))
    print("\nMémoire maximale (RSS) :")
    for name, peak in sorted(our_memory.items()):
        print(f"  Seconde Chance / {name:<10} {peak / 2**20:8.0f} Mio")
    for name, peak in sorted(bare_memory.items()):
        print(f"  rasa init      / {name:<10} {peak / 2**20:8.0f} Mio")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
