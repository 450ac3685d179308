"""The report sweeper's decisions (pure, fabricated timestamps) and how it carries them out."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from reports.models import ReportJob
from reports.services import report_claim, report_request
from reports.sweeping import (
    REPORT_INTERRUPTED,
    REPORT_NEVER_PICKED_UP,
    SweepDecision,
    SweepRules,
    report_sweep_decision,
    reports_sweep,
)
from surveys.models import Organization, Survey
from tests.factories import make_survey

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
RULES = SweepRules(now=NOW, stale_after=timedelta(seconds=120), queued_max_age=timedelta(hours=24), max_attempts=3)
SECONDS = timedelta(seconds=1)


def decide(state: str, **fields: object) -> SweepDecision:
    values: dict[str, object] = {"queued_at": NOW - 10 * SECONDS, "published_at": None, "heartbeat_at": None}
    values |= {"attempts": 0} | fields
    return report_sweep_decision(state=state, rules=RULES, **values)  # type: ignore[arg-type]


def test_it_publishes_a_queued_job_that_was_never_published() -> None:
    assert decide("queued", published_at=None) == SweepDecision.PUBLISH


def test_it_leaves_a_queued_job_published_a_moment_ago() -> None:
    assert decide("queued", published_at=NOW - 30 * SECONDS) == SweepDecision.LEAVE


def test_it_publishes_again_a_queued_job_that_the_broker_lost() -> None:
    assert decide("queued", published_at=NOW - 121 * SECONDS) == SweepDecision.PUBLISH


def test_it_fails_a_job_queued_for_longer_than_a_day() -> None:
    queued_at = NOW - timedelta(hours=24) - SECONDS
    assert decide("queued", queued_at=queued_at, published_at=NOW - SECONDS) == SweepDecision.FAIL_NEVER_PICKED_UP


def test_it_leaves_a_running_job_whose_heartbeat_is_fresh() -> None:
    assert decide("running", heartbeat_at=NOW - 119 * SECONDS, attempts=1) == SweepDecision.LEAVE


def test_it_queues_again_a_running_job_whose_heartbeat_stopped() -> None:
    assert decide("running", heartbeat_at=NOW - 121 * SECONDS, attempts=2) == SweepDecision.REQUEUE


def test_it_fails_a_running_job_whose_heartbeat_stopped_on_its_last_attempt() -> None:
    assert decide("running", heartbeat_at=NOW - 121 * SECONDS, attempts=3) == SweepDecision.FAIL_INTERRUPTED


@pytest.mark.parametrize("state", [ReportJob.State.SUCCEEDED, ReportJob.State.FAILED])
def test_it_leaves_a_finished_job_alone(state: str) -> None:
    assert decide(state, queued_at=NOW - timedelta(days=30)) == SweepDecision.LEAVE


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def _stale_running_job(survey: Survey, *, attempts: int, settings: SettingsWrapper) -> ReportJob:
    job = report_request(survey=survey, requested_by=None)
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER + 5)
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.RUNNING, attempts=attempts, heartbeat_at=long_ago)
    return job


@pytest.mark.django_db
def test_it_publishes_the_jobs_a_broker_outage_left_unpublished(survey: Survey) -> None:
    job = report_request(survey=survey, requested_by=None)
    assert reports_sweep()[SweepDecision.PUBLISH] == 1
    assert ReportJob.objects.get(pk=job.pk).published_at is not None


@pytest.mark.django_db
def test_it_queues_and_publishes_again_a_job_whose_worker_died(survey: Survey, settings: SettingsWrapper) -> None:
    job = _stale_running_job(survey, attempts=1, settings=settings)
    assert reports_sweep()[SweepDecision.REQUEUE] == 1
    requeued = ReportJob.objects.get(pk=job.pk)
    assert requeued.state == ReportJob.State.QUEUED
    assert requeued.published_at is not None


@pytest.mark.django_db
def test_it_fails_a_job_whose_worker_died_on_every_attempt(survey: Survey, settings: SettingsWrapper) -> None:
    job = _stale_running_job(survey, attempts=settings.REPORT_MAX_ATTEMPTS, settings=settings)
    reports_sweep()
    failed = ReportJob.objects.get(pk=job.pk)
    assert failed.state == ReportJob.State.FAILED
    assert failed.error == REPORT_INTERRUPTED.format(attempts=settings.REPORT_MAX_ATTEMPTS)


@pytest.mark.django_db
def test_it_fails_a_job_that_no_worker_picked_up_in_a_day(survey: Survey, settings: SettingsWrapper) -> None:
    job = report_request(survey=survey, requested_by=None)
    ReportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(days=2))
    reports_sweep()
    failed = ReportJob.objects.get(pk=job.pk)
    assert failed.state == ReportJob.State.FAILED
    assert failed.error == REPORT_NEVER_PICKED_UP.format(hours=settings.REPORT_QUEUED_MAX_AGE / 3600)


@pytest.mark.django_db
def test_it_leaves_a_stale_job_that_a_worker_has_taken_over(survey: Survey, settings: SettingsWrapper) -> None:
    job = _stale_running_job(survey, attempts=1, settings=settings)
    report_claim(job_id=job.pk)
    assert reports_sweep()[SweepDecision.REQUEUE] == 0
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.RUNNING
