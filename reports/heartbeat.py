"""A render's pulse: a thread that keeps a claimed job's heartbeat fresh.

WeasyPrint can spend many seconds in one step without calling back, so progress updates
alone would let a healthy render look dead to the sweeper. A killed worker takes this thread
with it, and the heartbeat stops, which is exactly what the sweeper looks for.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from reports.models import ReportJob

logger = logging.getLogger(__name__)

# Beats per JOB_STALE_AFTER: several, so that one slow database write never looks like death.
BEATS_PER_STALE_PERIOD = 4


@contextmanager
def report_heartbeat(*, job_id: int, attempts: int) -> Iterator[None]:
    stop = threading.Event()
    interval = max(0.5, settings.JOB_STALE_AFTER / BEATS_PER_STALE_PERIOD)
    thread = threading.Thread(target=_beat, args=(job_id, attempts, interval, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def _beat(job_id: int, attempts: int, interval: float, stop: threading.Event) -> None:
    try:
        while not stop.wait(interval):
            # Only this claim's render may be kept alive: a job the sweeper took back is not ours.
            try:
                ReportJob.objects.filter(pk=job_id, state=ReportJob.State.RUNNING, attempts=attempts).update(
                    heartbeat_at=timezone.now()
                )
            except DatabaseError:
                # A busy or briefly unreachable database misses one beat, not the render.
                logger.warning("Missed a heartbeat of report job %s.", job_id, exc_info=True)
    finally:
        # The thread has its own database connection; leave none open behind it.
        connection.close()
