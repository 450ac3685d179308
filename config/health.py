"""Health checks: liveness, readiness for load balancers, and the background parts for monitoring.

- /healthz/live: this process serves requests (restart it when not).
- /healthz: readiness, what a web request needs: the database. A request never waits for
  background work; it records it in the database and publishes after commit, and the sweepers
  publish again what a broker outage kept back (the rate limiter lets requests through when
  the cache is down). So a Redis outage must not pull web nodes out of rotation, which a
  readiness check of the broker would do to every node at once.
- /healthz/deps: the broker and the workers, for monitoring and alerting (503 when one is down).
"""

import logging

import redis
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 1.0  # seconds
WORKER_TIMEOUT = 1.0  # seconds


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.warning("Health check: database unavailable.", exc_info=True)
        return False


def broker_ok() -> bool:
    client = redis.Redis.from_url(
        celery_app.conf.broker_url, socket_connect_timeout=BROKER_TIMEOUT, socket_timeout=BROKER_TIMEOUT
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def worker_ok() -> bool:
    try:
        # limit=1 returns at the first answer instead of waiting out the timeout.
        return bool(celery_app.control.ping(timeout=WORKER_TIMEOUT, limit=1))
    except Exception:
        return False


def checks_response(checks: dict[str, bool]) -> JsonResponse:
    healthy = all(checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return checks_response({"database": database_ok()})


@never_cache
def dependencies(request: HttpRequest) -> JsonResponse:
    broker = broker_ok()
    # Without a broker no worker can answer: do not wait out the ping's timeout as well.
    return checks_response({"broker": broker, "worker": broker and worker_ok()})


@never_cache
def liveness(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
