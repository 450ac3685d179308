"""The report job's bookkeeping, in this process: request, claim, render, store, fail, retry.

The real pipeline (Redis, a worker process, WeasyPrint) is in test_jobs_worker.py; here the
renderer is a stand-in from tests/support/report_renderers.py, so that each test is fast.
"""

import hashlib
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings as SettingsWrapper

from outbox.models import OutgoingEmail
from reports.heartbeat import report_heartbeat
from reports.models import ReportJob
from reports.pdf import RenderedPdf
from reports.services import (
    REPORT_GAVE_UP,
    REPORT_NOT_RETRYABLE,
    REPORT_RENDER_FAILED,
    REPORT_TIMED_OUT,
    STEP_DONE,
    report_claim,
    report_give_up,
    report_request,
    report_retry,
    report_run,
    report_succeed,
)
from surveys.models import Organization, Survey
from surveys.services.surveys import survey_close
from tests.factories import make_survey
from tests.support.answers import answers_random, answers_submit
from tests.support.report_jobs import TINY_RENDERER, report_job_succeeded
from tests.support.report_renderers import TEST_RENDER_FAILURE

RENDERERS = "tests.support.report_renderers."


@pytest.fixture(autouse=True)
def _tiny_renderer(settings: SettingsWrapper) -> None:
    settings.REPORT_RENDERER = TINY_RENDERER


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme, roles=["data_scientist", "engineer"])
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    return survey


def _job(pk: int) -> ReportJob:
    return ReportJob.objects.get(pk=pk)


@pytest.mark.django_db
def test_it_records_a_queued_job_and_publishes_it_only_after_commit(
    survey: Survey, alice: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = report_request(survey=survey, requested_by=alice)
    assert (job.state, job.published_at, job.requested_by) == (ReportJob.State.QUEUED, None, alice)
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_it_accepts_a_request_for_a_closed_survey(survey: Survey, alice: User) -> None:
    survey_close(survey=survey)
    assert report_request(survey=survey, requested_by=alice).state == ReportJob.State.QUEUED


@pytest.mark.django_db
def test_it_marks_the_job_published_once_the_broker_took_it(
    survey: Survey, alice: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = report_request(survey=survey, requested_by=alice)
    assert _job(job.pk).published_at is not None


@pytest.mark.django_db
def test_it_gives_two_requests_for_the_same_input_one_job(survey: Survey, alice: User, bob: User) -> None:
    first = report_request(survey=survey, requested_by=alice)
    second = report_request(survey=survey, requested_by=bob)
    assert first.pk == second.pk
    assert ReportJob.objects.count() == 1


@pytest.mark.django_db
def test_it_reuses_the_finished_report_when_nothing_changed(survey: Survey, alice: User) -> None:
    done = report_job_succeeded(survey, requested_by=alice)
    again = report_request(survey=survey, requested_by=alice)
    assert (again.pk, again.state) == (done.pk, ReportJob.State.SUCCEEDED)


@pytest.mark.django_db
def test_it_reuses_the_report_when_one_answer_was_added_as_new_results_could_reveal_it(
    survey: Survey, alice: User
) -> None:
    done = report_job_succeeded(survey, requested_by=alice)
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    assert report_request(survey=survey, requested_by=alice).pk == done.pk


@pytest.mark.django_db
def test_it_makes_a_new_report_of_new_results_once_k_answers_were_added(survey: Survey, alice: User) -> None:
    done = report_job_succeeded(survey, requested_by=alice)
    for _member in range(survey.anonymity_threshold):
        answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    again = report_request(survey=survey, requested_by=alice)
    assert again.pk != done.pk
    assert again.published is not None
    assert done.published is not None
    assert again.published.sequence == done.published.sequence + 1


@pytest.mark.django_db
def test_it_makes_a_new_report_when_the_finished_pdf_is_gone(survey: Survey, alice: User) -> None:
    done = report_job_succeeded(survey, requested_by=alice)
    default_storage.delete(done.pdf.name)
    assert report_request(survey=survey, requested_by=alice).pk != done.pk


@pytest.mark.django_db
def test_it_lets_only_one_worker_claim_a_job(survey: Survey) -> None:
    job = report_request(survey=survey, requested_by=None)
    claimed = report_claim(job_id=job.pk)
    assert claimed is not None
    assert (claimed.state, claimed.attempts) == (ReportJob.State.RUNNING, 1)
    assert report_claim(job_id=job.pk) is None


@pytest.mark.django_db
def test_it_lets_a_worker_take_over_a_job_whose_heartbeat_stopped(survey: Survey, settings: SettingsWrapper) -> None:
    job = report_request(survey=survey, requested_by=None)
    report_claim(job_id=job.pk)
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER + 1)
    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    claimed = report_claim(job_id=job.pk)
    assert claimed is not None
    assert claimed.attempts == 2


@pytest.mark.django_db
def test_it_gives_up_a_job_whose_heartbeat_stopped_too_often(survey: Survey, settings: SettingsWrapper) -> None:
    job = report_request(survey=survey, requested_by=None)
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER + 1)
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJob.State.RUNNING, attempts=settings.REPORT_MAX_ATTEMPTS, heartbeat_at=long_ago
    )
    assert report_claim(job_id=job.pk) is None


@pytest.mark.django_db
def test_it_stores_the_pdf_with_its_hash_size_and_pages(survey: Survey) -> None:
    job = report_job_succeeded(survey)
    content = default_storage.open(job.pdf.name).read()
    assert (job.progress, job.step, job.pages, job.size) == (100, STEP_DONE, 1, len(content))
    assert job.sha256 == hashlib.sha256(content).hexdigest()
    assert job.started_at is not None
    assert job.finished_at is not None


@pytest.mark.django_db
def test_it_emails_the_requester_a_link_to_the_report(survey: Survey, alice: User) -> None:
    job = report_job_succeeded(survey, requested_by=alice)
    email = OutgoingEmail.objects.get(to=alice.email)
    assert survey.title in email.subject
    assert f"/reports/{job.pk}/" in email.body


@pytest.mark.django_db
def test_it_fails_a_render_that_raises_with_its_message(
    survey: Survey, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings.REPORT_RENDERER = RENDERERS + "failing_report_pdf"
    (tmp_path / "fail").touch()
    monkeypatch.setenv("REPORT_TEST_FAIL_FILE", str(tmp_path / "fail"))
    job = report_request(survey=survey, requested_by=None)
    report_run(job_id=job.pk)
    failed = _job(job.pk)
    assert failed.state == ReportJob.State.FAILED
    assert failed.error == REPORT_RENDER_FAILED.format(reason=TEST_RENDER_FAILURE + ".")


@pytest.mark.django_db
def test_it_fails_a_render_that_outlived_its_soft_time_limit(survey: Survey, settings: SettingsWrapper) -> None:
    settings.REPORT_RENDERER = RENDERERS + "timed_out_report_pdf"
    job = report_request(survey=survey, requested_by=None)
    report_run(job_id=job.pk)
    assert _job(job.pk).error == REPORT_TIMED_OUT.format(seconds=settings.REPORT_SOFT_TIME_LIMIT)


@pytest.mark.django_db
def test_it_hands_a_job_back_to_the_queue_on_a_transient_error(survey: Survey, settings: SettingsWrapper) -> None:
    settings.REPORT_RENDERER = RENDERERS + "unreachable_database_report_pdf"
    job = report_request(survey=survey, requested_by=None)
    with pytest.raises(OperationalError):
        report_run(job_id=job.pk)
    assert (_job(job.pk).state, _job(job.pk).attempts) == (ReportJob.State.QUEUED, 1)


@pytest.mark.django_db
def test_it_fails_a_job_after_its_last_retry_of_a_transient_error(survey: Survey) -> None:
    job = report_request(survey=survey, requested_by=None)
    report_claim(job_id=job.pk)
    report_give_up(job_id=job.pk, error=OperationalError("database is locked"))
    failed = _job(job.pk)
    assert failed.state == ReportJob.State.FAILED
    assert failed.error == REPORT_GAVE_UP.format(attempts=1, reason="database is locked.")


@pytest.mark.django_db
def test_it_discards_a_render_that_lost_its_claim(survey: Survey) -> None:
    job = report_request(survey=survey, requested_by=None)
    claimed = report_claim(job_id=job.pk)
    assert claimed is not None
    # Meanwhile the sweeper took the job back and another worker claimed it.
    ReportJob.objects.filter(pk=job.pk).update(attempts=2)
    name = default_storage.save("reports/late.pdf", ContentFile(b"%PDF late"))
    report_succeed(job=claimed, name=name, rendered=RenderedPdf(content=b"%PDF late", pages=1))
    assert _job(job.pk).state == ReportJob.State.RUNNING
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_it_queues_a_failed_job_again_on_retry(survey: Survey) -> None:
    job = report_request(survey=survey, requested_by=None)
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.FAILED, error="Broken.", attempts=3)
    retried = report_retry(job=_job(job.pk))
    assert (retried.pk, retried.state, retried.error, retried.attempts) == (job.pk, ReportJob.State.QUEUED, "", 0)


@pytest.mark.django_db
def test_it_answers_a_retry_with_the_finished_report_of_the_same_input(survey: Survey) -> None:
    failed = report_request(survey=survey, requested_by=None)
    ReportJob.objects.filter(pk=failed.pk).update(state=ReportJob.State.FAILED, error="Broken.")
    done = report_job_succeeded(survey)
    assert report_retry(job=_job(failed.pk)) == done
    assert _job(failed.pk).state == ReportJob.State.FAILED


@pytest.mark.django_db
def test_it_refuses_to_retry_a_job_that_did_not_fail(survey: Survey) -> None:
    job = report_request(survey=survey, requested_by=None)
    with pytest.raises(ValidationError, match=REPORT_NOT_RETRYABLE):
        report_retry(job=job)


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_heartbeat_fresh_during_a_long_step(acme: Organization, settings: SettingsWrapper) -> None:
    settings.JOB_STALE_AFTER = 2  # seconds: a beat every half second
    job = report_request(survey=make_survey(acme), requested_by=None)
    claimed = report_claim(job_id=job.pk)
    assert claimed is not None
    first_beat = claimed.heartbeat_at
    with report_heartbeat(job_id=job.pk, attempts=claimed.attempts):
        time.sleep(1.2)
    assert _job(job.pk).heartbeat_at > first_beat  # type: ignore[operator]
