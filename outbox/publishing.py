"""Handing recorded work to Celery without ever losing it or blocking a request."""

import logging
from collections.abc import Callable

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def publish_now(task: Task[..., object], *args: object) -> bool:
    """Publish a task; False when the broker cannot be reached.

    The work is already recorded in the database, so a failed publish is logged and left
    to the beat sweepers, which publish it again once the broker is back.
    """
    try:
        task.apply_async(args=args, retry=True)
    except Exception:
        logger.warning("Could not publish %s%r; a sweeper will retry.", task.name, args, exc_info=True)
        return False
    return True


def publish_on_commit(task: Task[..., object], *args: object, then: Callable[[], None] | None = None) -> None:
    def publish() -> None:
        if publish_now(task, *args) and then is not None:
            then()

    transaction.on_commit(publish)
