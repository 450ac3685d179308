"""/healthz (readiness: database, broker, worker) and /healthz/live (liveness)."""

from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from tests.support.services import RedisServer

READY_KEYS = {"status", "database", "broker", "worker"}


@pytest.fixture
def broker_down(private_redis: RedisServer) -> Iterator[None]:
    private_redis.stop()
    try:
        yield
    finally:
        # The rest of the run shares this Redis: it comes back on the same port.
        private_redis.start()


@pytest.mark.worker
def test_it_is_ready_with_the_database_the_broker_and_a_worker_up(worker_factory: Callable[..., object]) -> None:
    worker_factory()
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "broker": True, "worker": True}


def test_it_is_unavailable_when_no_worker_answers(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": True, "broker": True, "worker": False}


def test_it_is_unavailable_when_the_broker_is_down(db: None, broker_down: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": True, "broker": False, "worker": False}


def test_it_answers_json_that_no_cache_keeps(db: None) -> None:
    response = Client().get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == READY_KEYS
    assert "no-cache" in response["Cache-Control"]


def test_it_is_alive_while_the_broker_is_down(db: None, broker_down: None) -> None:
    response = Client().get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
