"""Members filling in questionnaires at once: run as `.venv/bin/python bench/submit.py [members]`.

It builds a throwaway SQLite database in a temporary directory with one survey and N personal
invitations, starts a private redis-server, a real Celery worker (as in production)
and gunicorn with 2 workers on that database, then lets N simulated members, one thread each,
open their link, save every page and submit, all at the same time. Each member comes from its
own loopback address (127.0.x.y), as real members do, so that the per-address rate limit
applies to each of them as it would in production. In the same run, a probe requests /healthz
on the same server every 50 ms.

It prints the throughput, p50 and p95 latency of the page saves, the submits and /healthz,
the errors, and the responses stored and submitted. Targets (issue 4): submit p95 at most 3x
the /healthz p95, no error, every member's response stored and submitted. It prints PASS or
FAIL per target and exits with 1 when one fails. Everything runs on loopback and stops by itself.
"""

import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DEFAULT_MEMBERS = 60
GUNICORN_WORKERS = 2
HEALTH_INTERVAL = 0.05  # seconds between two /healthz probes of one prober
HEALTH_PROBERS = 2
IDLE_HEALTH_PROBES = 20
REQUEST_TIMEOUT = 30.0  # seconds
STARTUP_TIMEOUT = 30.0  # seconds
RUN_TIMEOUT = 300.0  # seconds: the whole load phase
P95_RATIO_TARGET = 3.0  # submit p95 / healthz p95
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROLES = ("data_scientist", "engineer", "product_manager")


@dataclass
class Timings:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition, *, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {STARTUP_TIMEOUT:.0f} s")


def environment(var_dir: Path, redis_url: str) -> dict[str, str]:
    """A private database and broker. DEBUG stays on only to spare the minute that
    collectstatic's compression takes (no static file is requested here); it makes every
    request slightly slower, the submits included, so the figures err on the safe side."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'bench.sqlite3'}",
        REDIS_URL=redis_url,
        DEBUG="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    return env


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(env: dict[str, str], *args: str) -> None:
    step(f"manage.py {' '.join(args)}")
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def survey_with_invitations(env: dict[str, str], members: int) -> list[str]:
    """One survey, `members` personal links spread over the roles; returns the raw tokens."""
    script = (
        "import django, sys; django.setup()\n"
        "from surveys.models import Organization\n"
        "from surveys.services.surveys import survey_create\n"
        "from surveys.services.invitations import invitations_create_personal\n"
        "organization = Organization.objects.create(name='Bench')\n"
        "survey = survey_create(organization=organization, created_by=None, title='Bench', anonymity_threshold=3)\n"
        f"roles = {ROLES!r}\n"
        f"counts = [len(range(i, {members}, len(roles))) for i in range(len(roles))]\n"
        "for role, count in zip(roles, counts):\n"
        "    for _invitation, token in invitations_create_personal(survey=survey, role=role, count=count):\n"
        "        print(token)\n"
    )
    env = env | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    output = subprocess.run(
        [str(BIN / "python"), "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return output.stdout.split()


def database_counts(env: dict[str, str]) -> tuple[int, int]:
    script = (
        "import django; django.setup()\n"
        "from surveys.models import Response\n"
        "print(Response.objects.count(), Response.objects.filter(status='submitted').count())\n"
    )
    env = env | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    output = subprocess.run(
        [str(BIN / "python"), "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    stored, submitted = output.stdout.split()
    return int(stored), int(submitted)


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        started = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield started
        finally:
            started.terminate()
            try:
                started.wait(timeout=10)
            except subprocess.TimeoutExpired:
                started.kill()
                started.wait(timeout=10)


class Member:
    """One member's browser: a cookie jar and a connection from its own loopback address."""

    def __init__(self, port: int, address: str, token: str, timings: Timings) -> None:
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=REQUEST_TIMEOUT, source_address=(address, 0)
        )
        self.token = token
        self.timings = timings
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = urlencode(body) if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def expect(self, kind: str, method: str, path: str, status: int, body: dict[str, str] | None = None) -> str:
        started = time.perf_counter()
        got, text = self.request(method, path, body)
        self.timings.add(kind, time.perf_counter() - started)
        if got != status:
            raise RuntimeError(f"{method} {path} answered {got} instead of {status}")
        return text

    def fill_and_submit(self) -> None:
        start = f"/s/{self.token}/"
        self.expect("open", "GET", start, 200)
        number = 1
        while True:
            page = self.expect("page", "GET", f"{start}page/{number}/", 200)
            csrf = CSRF_FIELD.search(page)
            if csrf is None:
                raise RuntimeError(f"no CSRF token on page {number}")
            keys = sorted(set(re.findall(r'type="radio" name="([a-z0-9_]+)"', page)))
            answers = {key: str(secrets.choice((1, 2, 3, 4, 5))) for key in keys}
            if "Submit my answers" in page:
                texts = dict.fromkeys(re.findall(r'<textarea[^>]* name="([a-z0-9_]+)"', page), "Bench comment.")
                body = answers | texts | {"csrfmiddlewaretoken": csrf.group(1), "action": "submit"}
                self.expect("submit", "POST", f"{start}page/{number}/", 302, body)
                return
            body = answers | {"csrfmiddlewaretoken": csrf.group(1), "action": "next"}
            self.expect("save", "POST", f"{start}page/{number}/", 302, body)
            number += 1

    def run(self, barrier: threading.Barrier) -> None:
        try:
            barrier.wait(timeout=REQUEST_TIMEOUT)
            self.fill_and_submit()
        except Exception as error:  # Every failure counts as an error in the report.
            self.timings.fail(f"{self.token[:6]}…: {error}")
        finally:
            self.connection.close()


def probe_health(port: int, timings: Timings, stop: threading.Event, *, kind: str = "healthz") -> None:
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        started = time.perf_counter()
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            timings.add(kind, time.perf_counter() - started)
            if response.status != 200:
                timings.fail(f"/healthz answered {response.status}")
        except OSError as error:
            timings.fail(f"/healthz: {error}")
        finally:
            connection.close()
        stop.wait(HEALTH_INTERVAL)


def loopback(index: int) -> str:
    return f"127.0.{1 + index // 250}.{2 + index % 250}"


def probe_idle(port: int, timings: Timings) -> None:
    """/healthz on the idle server first: what a probe costs without queueing behind members."""
    probes = Timings()
    stop = threading.Event()
    prober = threading.Thread(target=probe_health, args=(port, probes, stop), kwargs={"kind": "idle"}, daemon=True)
    prober.start()
    while len(probes.samples.get("idle", [])) < IDLE_HEALTH_PROBES and prober.is_alive():
        time.sleep(HEALTH_INTERVAL)
    stop.set()
    prober.join(timeout=REQUEST_TIMEOUT)
    timings.samples["healthz idle"] = probes.samples.get("idle", [])
    timings.errors += probes.errors


def load(port: int, tokens: list[str]) -> tuple[Timings, float]:
    timings = Timings()
    probe_idle(port, timings)
    barrier = threading.Barrier(len(tokens))
    members = [Member(port, loopback(i), token, timings) for i, token in enumerate(tokens)]
    threads = [threading.Thread(target=member.run, args=(barrier,), daemon=True) for member in members]
    stop = threading.Event()
    probers = [
        threading.Thread(target=probe_health, args=(port, timings, stop), daemon=True) for _ in range(HEALTH_PROBERS)
    ]
    for prober in probers:
        prober.start()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + RUN_TIMEOUT
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    elapsed = time.perf_counter() - started
    stop.set()
    for prober in probers:
        prober.join(timeout=REQUEST_TIMEOUT)
    if any(thread.is_alive() for thread in threads):
        timings.fail(f"members still running after {RUN_TIMEOUT:.0f} s")
    return timings, elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(timings: Timings, elapsed: float, members: int, stored: int, submitted: int) -> bool:
    requests = sum(len(values) for kind, values in timings.samples.items() if not kind.startswith("healthz"))
    print(
        f"{members} members in {elapsed:.2f} s: {members / elapsed:.1f} members/s, {requests / elapsed:.1f} requests/s"
    )
    print(f"{'':12} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind in ("open", "page", "save", "submit", "healthz", "healthz idle"):
        values = timings.samples.get(kind) or [0.0]
        p50, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        print(f"{kind:12} {len(values):>6} {p50:>8.1f} {p95:>8.1f} {max(values) * 1000:>8.1f}")
    print(f"errors: {len(timings.errors)}", *timings.errors[:10], sep="\n  ")
    print(f"responses stored: {stored}, submitted: {submitted}, members: {members}")
    ratio = percentile(timings.samples.get("submit", [0.0]), 0.95) / percentile(timings.samples["healthz"], 0.95)
    checks = {
        f"submit p95 / healthz p95 = {ratio:.2f} <= {P95_RATIO_TARGET}": ratio <= P95_RATIO_TARGET,
        "no error": not timings.errors,
        "every member stored and submitted": stored == submitted == members,
    }
    for name, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}: {name}")
    return all(checks.values())


def main(members: int) -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="faultline-bench-"))
    try:
        redis_port, web_port = free_port(), free_port()
        env = environment(var_dir, f"redis://127.0.0.1:{redis_port}/0")
        redis_command = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
        with process([*redis_command, "--appendonly", "no"], env, var_dir / "redis.log"):
            manage(env, "migrate", "--no-input")
            step(f"a survey with {members} personal invitations")
            tokens = survey_with_invitations(env, members)
            worker_log = var_dir / "worker.log"
            worker = [str(BIN / "celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
            with process(worker, env, worker_log):
                wait_until(lambda: " ready." in worker_log.read_text(errors="replace"), what="The Celery worker")
                web = [str(BIN / "gunicorn"), "config.wsgi", "-w", str(GUNICORN_WORKERS), "-b", f"127.0.0.1:{web_port}"]
                with process(web, env, var_dir / "gunicorn.log"):
                    wait_until(lambda: healthy(web_port), what="gunicorn with a green /healthz")
                    step(f"{members} members fill in and submit their questionnaires")
                    timings, elapsed = load(web_port, tokens)
            stored, submitted = database_counts(env)
        return 0 if report(timings, elapsed, members, stored, submitted) else 1
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MEMBERS))
