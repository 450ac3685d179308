"""Running management commands in tests: in process with call_command, or as a real process."""

import io
import os
import subprocess
import sys

from django.core.management import call_command

from tests.support.services import ROOT, database_url

COMMAND_TIMEOUT = 60  # seconds


def run_command(*args: str) -> str:
    """A command's standard output; a failure raises CommandError with the one-sentence message."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_manage_py(*args: str) -> subprocess.CompletedProcess[str]:
    """`python manage.py ...` as a user types it, on the test database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(DATABASE_URL=database_url(), DEBUG="1")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
