"""config/gunicorn.py: read from the environment, and one JSON access line per request."""

import contextlib
import json
import runpy
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.logging import REDACTED, REQUEST_ID_HEADER
from tests.support.services import ROOT, free_port, wait_until

CONFIG = str(ROOT / "config" / "gunicorn.py")


def gunicorn_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ("BIND", "PORT", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(CONFIG)


def test_it_binds_to_the_port_that_the_platform_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    assert gunicorn_config(monkeypatch, PORT="5000")["bind"] == "0.0.0.0:5000"


def test_it_prefers_an_explicit_bind_address(monkeypatch: pytest.MonkeyPatch) -> None:
    config = gunicorn_config(monkeypatch, PORT="5000", BIND="unix:/run/faultline.sock")
    assert config["bind"] == "unix:/run/faultline.sock"


def test_it_runs_two_workers_per_core_plus_one_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    assert gunicorn_config(monkeypatch)["workers"] == 9


def test_it_reads_workers_timeout_and_trusted_proxies_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = gunicorn_config(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="60", FORWARDED_ALLOW_IPS="10.0.0.1")
    assert (config["workers"], config["timeout"], config["forwarded_allow_ips"]) == (3, 60, "10.0.0.1")


def test_it_does_not_recycle_workers_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    config = gunicorn_config(monkeypatch)
    assert (config["max_requests"], config["max_requests_jitter"]) == (0, 0)


def test_it_spreads_recycled_workers_apart_with_half_the_limit_as_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    config = gunicorn_config(monkeypatch, GUNICORN_MAX_REQUESTS="1000")
    # Each worker restarts after 1,000 to 1,500 requests: two that serve alike drift apart.
    assert (config["max_requests"], config["max_requests_jitter"]) == (1000, 500)


def test_it_names_a_bad_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="WEB_CONCURRENCY must be a whole number"):
        gunicorn_config(monkeypatch, WEB_CONCURRENCY="many")


def gunicorn_started(tmp_path: Path, log_format: str) -> Iterator[tuple[str, Path]]:
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"), "DEBUG": "1"}
    env |= {"LOG_FORMAT": log_format, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    command = [sys.executable, "-m", "gunicorn", "-c", CONFIG, "config.wsgi"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: "Booting worker" in log.read_text(), timeout=30, message=f"gunicorn did not start: {log}")
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def gunicorn_log(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real gunicorn with the repository's configuration and JSON logs, on a free port."""
    yield from gunicorn_started(tmp_path, "json")


@pytest.fixture
def gunicorn_text_log(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The same gunicorn writing gunicorn's own text access lines."""
    yield from gunicorn_started(tmp_path, "text")


@pytest.mark.process
def test_it_logs_each_request_as_one_json_line_with_its_request_id(gunicorn_log: tuple[str, Path]) -> None:
    url, log = gunicorn_log
    with urllib.request.urlopen(f"{url}/healthz/live", timeout=10) as response:  # noqa: S310 (our own server)
        request_id = response.headers[REQUEST_ID_HEADER]
    deadline = time.monotonic() + 10
    while "gunicorn.access" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    [access] = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access["request_id"] == request_id
    assert (access["method"], access["path"], access["status"]) == ("GET", "/healthz/live", 200)


@pytest.mark.process
def test_it_keeps_link_tokens_out_of_the_access_log(gunicorn_log: tuple[str, Path]) -> None:
    url, log = gunicorn_log
    token = "SuperSecretMemberToken0123456789"
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{url}/s/{token}/", timeout=10)  # noqa: S310 (our own server)
    wait_until(lambda: "gunicorn.access" in log.read_text(), timeout=10, message="no access line")
    text = log.read_text()
    assert token not in text
    lines = [json.loads(line) for line in text.splitlines()]
    [access] = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access["path"] == f"/s/{REDACTED}/"


def access_lines(url: str, log: Path, paths: list[str]) -> list[str]:
    """The access lines of GET requests to `paths`, each from a client named 203.0.113.9 by its proxy."""
    for path in paths:
        request = urllib.request.Request(f"{url}{path}", headers={"X-Forwarded-For": "203.0.113.9"})  # noqa: S310
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 (our own server)
    wait_until(lambda: log.read_text().count("GET /") >= len(paths), timeout=10, message="no access lines")
    return [line for line in log.read_text().splitlines() if "GET /" in line]


@pytest.mark.process
def test_it_keeps_no_client_address_in_json_access_lines_of_member_pages(gunicorn_log: tuple[str, Path]) -> None:
    member, other = [json.loads(line) for line in access_lines(*gunicorn_log, ["/s/SomeToken/", "/healthz/live"])]
    assert member["remote_addr"] is None
    assert other["remote_addr"] == "203.0.113.9"


@pytest.mark.process
def test_it_keeps_no_client_address_in_text_access_lines_of_member_pages(gunicorn_text_log: tuple[str, Path]) -> None:
    member, other = access_lines(*gunicorn_text_log, ["/s/SomeToken/page/1/", "/healthz/live"])
    assert "127.0.0.1" not in member
    assert "203.0.113.9" not in member
    assert other.startswith("203.0.113.9 ")
