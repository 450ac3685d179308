"""Report jobs through the real thing: a private Redis, a real Celery worker, real WeasyPrint.

Beat is not started: the tests call reports_sweep(), the function beat runs every 30 s, at
the moment beat would have run it.
"""

import io
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.fixtures import Settings as SettingsWrapper

from reports.models import ReportJob
from reports.services import REPORT_RENDER_FAILED, report_request
from reports.sweeping import SweepDecision, reports_sweep
from reports.views import STATUS_WAITING_FOR_WORKER
from surveys.models import Organization, Survey
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.report_renderers import SLOW_STEP, TEST_RENDER_FAILURE
from tests.support.services import RedisServer, WorkerFactory, wait_until

pytestmark = pytest.mark.worker

RENDERERS = "tests.support.report_renderers."
TITLE = "Churn model alignment"
RENDER_TIMEOUT = 60  # seconds: a cold worker imports WeasyPrint and renders about 20 pages


@pytest.fixture
def media(settings: SettingsWrapper, tmp_path: Path) -> dict[str, str]:
    """One media directory for this process and the worker, so that the test reads its PDF."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}


@pytest.fixture
def survey(worker_factory: WorkerFactory, acme: Organization) -> Survey:
    """Too few answers to report on: a short document (about 0.3 s to render, not 4 s),
    for the tests about the job's life rather than the document."""
    survey = make_survey(acme, title=TITLE, roles=["data_scientist"])
    answers_random(survey, per_role={"data_scientist": 2})
    return survey


@pytest.fixture
def full_survey(worker_factory: WorkerFactory, acme: Organization) -> Survey:
    survey = make_survey(acme, title=TITLE, roles=["data_scientist", "engineer"])
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    return survey


def _ended(job_id: int) -> ReportJob | None:
    job = ReportJob.objects.get(pk=job_id)
    return None if job.is_active else job


def _wait_for_end(job_id: int) -> ReportJob:
    wait_until(lambda: _ended(job_id), timeout=RENDER_TIMEOUT, interval=0.2, message=f"job {job_id} never ended")
    return ReportJob.objects.get(pk=job_id)


def test_it_renders_a_requested_report_into_a_real_pdf(
    worker_factory: WorkerFactory, full_survey: Survey, media: dict[str, str]
) -> None:
    worker_factory(**media)
    out = io.StringIO()
    call_command("generate_report", str(full_survey.pk), "--wait", "--timeout", str(RENDER_TIMEOUT), stdout=out)
    reader = PdfReader(out.getvalue().strip())
    assert len(reader.pages) > 1
    assert TITLE in reader.pages[0].extract_text()


def test_it_completes_a_report_whose_worker_was_killed_while_rendering(
    worker_factory: WorkerFactory, survey: Survey, alice: User, media: dict[str, str], settings: SettingsWrapper
) -> None:
    settings.JOB_STALE_AFTER = 5  # seconds, in this process (the sweeper) and in the worker
    slow = {"REPORT_RENDERER": RENDERERS + "slow_report_pdf", "REPORT_TEST_DELAY": "60", "JOB_STALE_AFTER": "5"}
    worker = worker_factory(**media, **slow)
    job = report_request(survey=survey, requested_by=alice)
    wait_until(lambda: ReportJob.objects.get(pk=job.pk).step == SLOW_STEP, timeout=20, message="render never began")
    worker.kill()
    worker.extra_env["REPORT_RENDERER"] = "reports.pdf.report_pdf"
    worker.start()
    # Nobody asks again: beat's sweeper sees the heartbeat stop and queues the job again.
    wait_until(lambda: reports_sweep()[SweepDecision.REQUEUE], timeout=30, interval=1, message="never re-queued")
    done = _wait_for_end(job.pk)
    assert (done.state, done.attempts) == (ReportJob.State.SUCCEEDED, 2)
    wait_until(lambda: _emailed(worker_factory.outbox, alice.email), timeout=20, message="no e-mail to the requester")


def _emailed(outbox: Path, address: str) -> bool:
    return outbox.exists() and any(address in path.read_text() for path in outbox.iterdir())


def test_it_produces_a_report_requested_while_redis_was_down(
    worker_factory: WorkerFactory, private_redis: RedisServer, survey: Survey, alice: User, media: dict[str, str]
) -> None:
    private_redis.stop()
    try:
        page = client_for(alice).post(reverse("reports:request", args=[survey.pk]), follow=True)
        job = ReportJob.objects.get(survey=survey)
        assert (job.state, job.published_at) == (ReportJob.State.QUEUED, None)
        assert STATUS_WAITING_FOR_WORKER in page.content.decode()
    finally:
        # The whole session shares this Redis: it must come back whatever happened.
        private_redis.start()
    worker_factory(**media)
    assert reports_sweep()[SweepDecision.PUBLISH] == 1
    assert _wait_for_end(job.pk).state == ReportJob.State.SUCCEEDED


def test_it_fails_a_render_that_raises_and_succeeds_on_retry(
    worker_factory: WorkerFactory, survey: Survey, alice: User, media: dict[str, str], tmp_path: Path
) -> None:
    fail_file = tmp_path / "fail"
    fail_file.touch()
    worker_factory(**media, REPORT_RENDERER=RENDERERS + "failing_report_pdf", REPORT_TEST_FAIL_FILE=str(fail_file))
    expected = REPORT_RENDER_FAILED.format(reason=f"{TEST_RENDER_FAILURE}.")
    with pytest.raises(CommandError) as raised:
        call_command("generate_report", str(survey.pk), "--wait", "--timeout", str(RENDER_TIMEOUT))
    assert str(raised.value) == expected
    job = ReportJob.objects.get(survey=survey)
    assert (job.state, job.error) == (ReportJob.State.FAILED, expected)
    fail_file.unlink()
    client_for(alice).post(reverse("reports:retry", args=[job.pk]))
    assert _wait_for_end(job.pk).state == ReportJob.State.SUCCEEDED


def test_it_renders_two_simultaneous_requests_for_the_same_input_once(
    worker_factory: WorkerFactory, survey: Survey, alice: User, bob: User, media: dict[str, str]
) -> None:
    worker = worker_factory(**media)
    jobs = _request_together(survey, [alice, bob])
    assert len(set(jobs)) == 1
    assert _wait_for_end(jobs[0]).state == ReportJob.State.SUCCEEDED
    assert report_request(survey=survey, requested_by=alice).pk == jobs[0]
    assert ReportJob.objects.filter(survey=survey).count() == 1
    assert worker.log().count("Rendering report job") == 1


def _request_together(survey: Survey, users: list[User]) -> list[int]:
    """Each user's request from its own thread (and database connection), at the same moment."""
    barrier = threading.Barrier(len(users))
    jobs: list[int] = []

    def request(user: User) -> None:
        barrier.wait()
        try:
            jobs.append(report_request(survey=survey, requested_by=user).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(jobs) == len(users)
    return jobs
