"""Real services for tests: a private Redis and real Celery worker processes.

Nothing here skips: when a service cannot be had, the test fails and says why.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import redis

from surveys.pending_marks import KEY_PREFIX

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0  # seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], object], *, timeout: float, interval: float = 0.05, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s: {message}")


class RedisServer:
    """A throwaway redis-server on a free port; it keeps nothing on disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed: run `make test`, which installs it.")
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until(self.answers, timeout=STARTUP_TIMEOUT, message=f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def flush(self) -> None:
        redis.Redis.from_url(self.url).flushall()

    def forget_pending_marks(self) -> None:
        """A test starts with no opened or submitted marks and no claimed batch hour."""
        client = redis.Redis.from_url(self.url)
        keys = list(client.scan_iter(f"{KEY_PREFIX}:*"))
        if keys:
            client.delete(*keys)


def database_url() -> str:
    """The URL of the test database, for processes started by a test."""
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


class WorkerFactory(Protocol):
    """The worker_factory fixture: `worker_factory(**env)` starts a worker; its e-mails land in `outbox`."""

    outbox: Path

    def __call__(self, **env: str) -> "CeleryWorker": ...


class CeleryWorker:
    """A real `celery worker` process on the test database and the private Redis."""

    def __init__(self, *, broker_url: str, log_path: Path, extra_env: dict[str, str] | None = None) -> None:
        self.broker_url = broker_url
        self.log_path = log_path
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(DATABASE_URL=database_url(), REDIS_URL=self.broker_url, DEBUG="1", PYTHONUNBUFFERED="1")
        # Workers clear delivered bodies as production does; a test asks for development's own.
        env["OUTBOX_KEEP_DELIVERED_BODIES"] = "0"
        env.update(self.extra_env)
        return env

    def start(self, *, concurrency: int = 1) -> None:
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--pool=prefork"]
        command += [f"--concurrency={concurrency}", f"--hostname=test-{time.monotonic_ns()}@%h", "--without-heartbeat"]
        command += ["--without-mingle", "--without-gossip"]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT)
        wait_until(self.ready, timeout=STARTUP_TIMEOUT, interval=0.1, message=f"worker not ready; see {self.log_path}")

    def ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"The worker exited with {self.process.returncode}: {self.log()}")
        return " ready." in self.log()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool), as a crash or an OOM kill would."""
        assert self.process is not None
        subprocess.run(["pkill", "-KILL", "-P", str(self.process.pid)], check=False)
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None
