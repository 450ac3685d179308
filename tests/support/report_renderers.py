"""Stand-ins for settings.REPORT_RENDERER that tests give a worker through its environment.

Each wraps the real renderer (reports.pdf.report_pdf), so the PDF a test finally reads back
is always the real one. They read their knobs from the environment because they run inside
a worker process, where a test cannot monkeypatch anything.
"""

import os
import time
from pathlib import Path
from typing import Any

from reports.pdf import ProgressCallback, RenderedPdf, report_pdf

SLOW_STEP = "slowed down by the test"
TEST_RENDER_FAILURE = "The test renderer was told to fail"


def slow_report_pdf(*, data: Any, on_progress: ProgressCallback | None = None) -> RenderedPdf:
    """Sleeps REPORT_TEST_DELAY seconds before rendering, so that a test can kill the worker meanwhile."""
    if on_progress is not None:
        on_progress(1, SLOW_STEP)
    time.sleep(float(os.environ.get("REPORT_TEST_DELAY", "30")))
    return report_pdf(data=data, on_progress=on_progress)


def failing_report_pdf(*, data: Any, on_progress: ProgressCallback | None = None) -> RenderedPdf:
    """Raises while the file named by REPORT_TEST_FAIL_FILE exists, then renders for real."""
    if Path(os.environ["REPORT_TEST_FAIL_FILE"]).exists():
        raise RuntimeError(TEST_RENDER_FAILURE)
    return report_pdf(data=data, on_progress=on_progress)


def tiny_report_pdf(*, data: Any, on_progress: ProgressCallback | None = None) -> RenderedPdf:
    """A fake PDF at once, for the fast in-process tests of the job's bookkeeping."""
    if on_progress is not None:
        on_progress(50, "drawing nothing")
    return RenderedPdf(content=b"%PDF-1.7 tiny test document", pages=1)


def timed_out_report_pdf(*, data: Any, on_progress: ProgressCallback | None = None) -> RenderedPdf:
    """What Celery raises in a task that outlives its soft time limit."""
    from celery.exceptions import SoftTimeLimitExceeded

    raise SoftTimeLimitExceeded()


def unreachable_database_report_pdf(*, data: Any, on_progress: ProgressCallback | None = None) -> RenderedPdf:
    """A transient error: the database went away for a moment."""
    from django.db import OperationalError

    raise OperationalError("database is locked")
