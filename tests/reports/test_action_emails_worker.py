"""The due e-mail through real workers: two of them running the beat task at once send it once."""

from pathlib import Path

import pytest
from django.utils import timezone

from outbox.models import OutgoingEmail
from reports.tasks import actions_email_due
from surveys.models import Organization
from tests.support.actions import make_action, published_survey
from tests.support.services import WorkerFactory, wait_until

pytestmark = pytest.mark.worker

RUNS = 4


def delivered_files(outbox: Path, text: str) -> int:
    return sum(text in path.read_text() for path in outbox.iterdir()) if outbox.exists() else 0


def run_results(log: str) -> list[str]:
    """What each finished run of the task returned, from the workers' log ("succeeded in 0.1s: 1")."""
    lines = [line for line in log.splitlines() if "actions_email_due[" in line and " succeeded in " in line]
    return [line.rsplit(": ", 1)[-1] for line in lines]


def test_two_workers_running_the_task_again_and_again_deliver_the_due_email_once(
    worker_factory: WorkerFactory, acme: Organization
) -> None:
    first = worker_factory()
    worker_factory()
    survey = published_survey(acme, title="Fraud model rollout")
    make_action(survey, what="Weekly hand-over", owner_email="dana@example.com", due_on=timezone.localdate())
    for _run in range(RUNS):
        actions_email_due.delay()
    wait_until(lambda: len(run_results(first.log())) == RUNS, timeout=30, message="the runs did not all finish")
    # One run claimed the action and queued its e-mail; every other found the claim.
    assert sorted(run_results(first.log())) == ["0"] * (RUNS - 1) + ["1"]
    wait_until(lambda: delivered_files(worker_factory.outbox, "Weekly hand-over") >= 1, timeout=20, message="no e-mail")
    wait_until(lambda: OutgoingEmail.objects.filter(sent_at__isnull=False).exists(), timeout=5, message="not marked")
    assert delivered_files(worker_factory.outbox, "Weekly hand-over") == 1
    assert OutgoingEmail.objects.count() == 1
