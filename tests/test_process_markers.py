"""A test that starts a process must say so with a marker, or `make check` would run it unseen."""

import subprocess

import pytest

from tests.support.processes import UNMARKED_PROCESS_MESSAGE


def test_it_fails_an_unmarked_test_that_starts_a_process(request: pytest.FixtureRequest) -> None:
    expected = UNMARKED_PROCESS_MESSAGE.format(test=request.node.nodeid, command=["true"])
    with pytest.raises(AssertionError) as refused:
        subprocess.run(["true"], check=True)
    assert str(refused.value) == expected


@pytest.mark.process
def test_it_lets_a_marked_test_start_a_process() -> None:
    assert subprocess.run(["true"], check=True).returncode == 0
