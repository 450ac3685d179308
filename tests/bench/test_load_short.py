"""The short load and fault run (bench/load.py --members 20) holds everything it must."""

import subprocess
import sys

import pytest

from tests.support.services import ROOT


@pytest.mark.worker
def test_it_loses_no_response_and_no_report_through_a_redis_restart_and_a_worker_kill() -> None:
    command = [sys.executable, "bench/load.py", "--members", "20", "--timeout", "120", "--report-timeout", "90"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "FAIL" not in result.stdout
