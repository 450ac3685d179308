"""/healthz (readiness: the database), /healthz/deps (broker and workers) and /healthz/live."""

from collections.abc import Callable, Iterator
from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from config.celery import app as celery_app
from tests.support.services import free_port


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    # A port nothing listens on is, to a client, a Redis that is down; the run's own Redis
    # keeps serving the other tests, and no process is stopped or started.
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def short_worker_ping(monkeypatch: pytest.MonkeyPatch) -> None:
    # With no worker, the ping waits out its whole timeout: a second in production, less here.
    monkeypatch.setattr("config.health.WORKER_TIMEOUT", 0.2)


@pytest.fixture
def database_down() -> Iterator[None]:
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        yield


def test_it_is_ready_with_the_database_up(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_it_stays_ready_while_the_broker_is_down(db: None, broker_down: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_it_stays_ready_while_no_worker_answers(db: None) -> None:
    assert Client().get("/healthz").status_code == 200


def test_it_is_not_ready_without_the_database(db: None, database_down: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}


@pytest.mark.worker
def test_it_reports_the_broker_and_a_worker_up(db: None, worker_factory: Callable[..., object]) -> None:
    worker_factory()
    response = Client().get("/healthz/deps")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "broker": True, "worker": True}


def test_it_reports_when_no_worker_answers(db: None, short_worker_ping: None) -> None:
    response = Client().get("/healthz/deps")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "broker": True, "worker": False}


def test_it_reports_when_the_broker_is_down(db: None, broker_down: None) -> None:
    response = Client().get("/healthz/deps")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "broker": False, "worker": False}


@pytest.mark.parametrize("path", ["/healthz", "/healthz/deps", "/healthz/live"])
def test_it_answers_json_that_no_cache_keeps(db: None, short_worker_ping: None, path: str) -> None:
    response = Client().get(path)
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]


def test_it_is_alive_while_the_broker_is_down(db: None, broker_down: None) -> None:
    response = Client().get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
