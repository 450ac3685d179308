"""Which tests may start a process: those marked so, which `make check` leaves out.

A process (a Celery worker, Chromium, gunicorn, manage.py, another interpreter, pdfinfo, a
second redis-server) costs from milliseconds to seconds; the fast run selects tests by these
markers, so an unmarked test that starts one would slow it down unseen. While an unmarked test
is set up, runs and is torn down (its module's fixtures included), subprocess.Popen, which
subprocess.run and asyncio use too, fails the test and says which marker to add.
"""

import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

PROCESS_MARKERS = ("process", "worker", "browser")
UNMARKED_PROCESS_MESSAGE = (
    "{test} starts a process ({command}): mark it @pytest.mark.process "
    "(or worker, or browser) so that `make check` leaves it out."
)

_POPEN = subprocess.Popen


def process_refusal(test: str) -> Callable[..., NoReturn]:
    """A stand-in for subprocess.Popen that fails the unmarked test, naming the command."""

    def refuse(args: object, *_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError(UNMARKED_PROCESS_MESSAGE.format(test=test, command=args))

    return refuse


@contextmanager
def processes_refused(test: str) -> Iterator[None]:
    setattr(subprocess, "Popen", process_refusal(test))  # noqa: B010 (mypy: a function is no Popen class)
    try:
        yield
    finally:
        setattr(subprocess, "Popen", _POPEN)  # noqa: B010


@contextmanager
def processes_allowed() -> Iterator[None]:
    """For the run's own services (the session's Redis): started for the run, not by a test."""
    refused = subprocess.Popen
    setattr(subprocess, "Popen", _POPEN)  # noqa: B010
    try:
        yield
    finally:
        setattr(subprocess, "Popen", refused)  # noqa: B010
