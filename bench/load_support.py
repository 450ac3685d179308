"""The pieces bench/load.py runs against: a fresh PostgreSQL database, a private Redis,
gunicorn, Celery workers, and a small HTTP client that behaves like a member's browser.

Everything listens on loopback only; every process is started here and stopped by its id.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.services import RedisServer, free_port, wait_until  # noqa: E402

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
STARTUP_TIMEOUT = 60.0  # seconds


class PostgresUnavailableError(RuntimeError):
    pass


class LoadDatabase:
    """A database of its own for one run, dropped at the end whatever happened."""

    def __init__(self) -> None:
        self.name = f"faultline_load_{os.getpid()}"
        self.url = f"postgres://postgres@127.0.0.1:5432/{self.name}"

    def create(self) -> None:
        try:
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                connection.execute(f'CREATE DATABASE "{self.name}"')
        except psycopg.OperationalError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise PostgresUnavailableError(
                f"PostgreSQL is not reachable at 127.0.0.1:5432 as user postgres ({first_line}); "
                "bench/load.py needs it: start PostgreSQL or run it where it runs."
            ) from None

    def drop(self) -> None:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Process:
    """A child process in a session of its own, so that a SIGKILL reaches its pool too."""

    def __init__(self, name: str, command: list[str], *, env: dict[str, str], log_path: Path) -> None:
        self.name, self.command, self.env, self.log_path = name, command, env, log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, ready_text: str) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(lambda: self._ready(ready_text), timeout=STARTUP_TIMEOUT, interval=0.1, message=self.name)

    def _ready(self, text: str) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
        return text in self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the process and its children, as an OOM kill or a crash would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None


def gunicorn_process(env: dict[str, str], log_dir: Path) -> Process:
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    return Process("gunicorn", command, env=env, log_path=log_dir / "gunicorn.log")


def worker_process(number: int, env: dict[str, str], log_dir: Path) -> Process:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1"]
    command += [f"--hostname=load-{number}@%h"]
    return Process(f"worker {number}", command, env=env, log_path=log_dir / f"worker-{number}.log")


@dataclass
class Reply:
    status: int
    location: str
    body: str
    seconds: float


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RADIO = re.compile(r'<input[^>]*type="radio"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea[^>]*name="([^"]+)"')
SUBMIT_BUTTON = re.compile(r'name="action" value="submit"')


@dataclass
class Browser:
    """One visitor from one loopback address: cookies, CSRF, and the HTTPS proxy's header."""

    base_url: str
    source_address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, data: list[tuple[str, str]]) -> Reply:
        from urllib.parse import urlencode

        return self.request("POST", path, urlencode(data).encode())

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        parts = urlsplit(self.base_url)
        origin = f"https://{parts.netloc}"
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=60, source_address=(self.source_address, 0)
        )
        # The bench plays the TLS proxy in front of gunicorn, as production has one.
        headers = {"Host": parts.netloc, "X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = urlsplit(response.headers.get("Location", "")).path
        return Reply(response.status, location, text, time.monotonic() - started)


__all__ = ["RedisServer", "free_port", "wait_until"]
