"""/healthz: is this process able to serve, and is every part it depends on answering?"""

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


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_ok(), "broker": broker_ok()}
    checks["worker"] = checks["broker"] and worker_ok()
    healthy = all(checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


@never_cache
def liveness(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
