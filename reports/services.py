"""The life of a report job: requested, claimed by one worker, rendered, stored, or failed.

A job is recorded before anything is published, so that no broker outage loses it; a worker
claims it with a conditional UPDATE, so that it is never rendered twice at the same time; and
a heartbeat shows the sweeper (reports.sweeping) that the render is still alive.
"""

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from outbox.emails import email_queue
from outbox.publishing import publish_on_commit
from reports.documents import report_data_published, report_input_hash
from reports.heartbeat import report_heartbeat
from reports.models import PublishedResults, ReportJob
from reports.pdf import RenderedPdf
from reports.publishing import PublishRefusedError, published_latest, results_publish_when_changed
from reports.signals import report_ready
from surveys.models import Survey

logger = logging.getLogger(__name__)

# Errors that say nothing about the report itself: the database or the storage was briefly
# unreachable. The task retries these with backoff; anything else fails the job.
TRANSIENT_ERRORS = (OperationalError, OSError)

REPORT_RENDER_FAILED = "The report could not be rendered: {reason}"
REPORT_TIMED_OUT = (
    "The report took longer than {seconds} seconds to render and was stopped; "
    "try again, or ask an administrator to raise REPORT_SOFT_TIME_LIMIT."
)
REPORT_GAVE_UP = "The report could not be stored after {attempts} attempts: {reason}"
REPORT_NOT_RETRYABLE = "Only a failed report can be tried again."
REPORT_WITHOUT_RESULTS = "This report was requested before reports read published results: request a new one."

STEP_WAITING = "Waiting for a worker"
STEP_STARTING = "Starting"
STEP_GATHERING = "Gathering the answers"
STEP_STORING = "Storing the PDF"
STEP_DONE = "Ready"

ProgressCallback = Callable[[int, str], None]


def report_request(*, survey: Survey, requested_by: User | None) -> ReportJob:
    """The job that will produce (or has produced) the report of the survey's latest published results.

    Results are published first when members changed answers since the last publication and
    the differencing guard allows it (privacy.md); otherwise the latest published results are
    reported, and with none a ValidationError says so. The same snapshot and settings reuse a
    succeeded job, and a request while the same input is queued or running joins that job:
    one input is rendered once.
    """
    published = report_results_for(survey=survey)
    input_hash = report_input_hash(published=published)
    reusable = _report_reusable(survey=survey, input_hash=input_hash)
    if reusable is not None:
        return reusable
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(
                survey=survey,
                published=published,
                requested_by=requested_by,
                input_hash=input_hash,
                step=STEP_WAITING,
            )
            _report_publish_on_commit(job_id=job.pk)
    except IntegrityError:
        # A request for the same input won the race (one_active_report_per_input): join it.
        reusable = _report_reusable(survey=survey, input_hash=input_hash)
        if reusable is None:
            raise
        return reusable
    return job


def report_results_for(*, survey: Survey) -> PublishedResults:
    """The published results a new report shows: new ones when answers changed and the guard allows.

    A survey with nothing published yet always gets its first results: the first publication
    has no earlier one to subtract from.
    """
    try:
        return results_publish_when_changed(survey=survey)
    except PublishRefusedError:
        latest = published_latest(survey=survey)
        if latest is None:  # pragma: no cover - the guard never refuses a first publication
            raise
        return latest


def _report_reusable(*, survey: Survey, input_hash: str) -> ReportJob | None:
    same_input = ReportJob.objects.filter(survey=survey, input_hash=input_hash)
    active = same_input.filter(state__in=[ReportJob.State.QUEUED, ReportJob.State.RUNNING]).first()
    if active is not None:
        return active
    done = same_input.filter(state=ReportJob.State.SUCCEEDED).first()
    # A PDF that someone removed from the storage cannot be reused.
    if done is not None and default_storage.exists(done.pdf.name):
        return done
    return None


def _report_publish_on_commit(*, job_id: int) -> None:
    from reports.tasks import report_generate_task

    publish_on_commit(report_generate_task, job_id, then=lambda: report_mark_published(job_id=job_id))


def report_mark_published(*, job_id: int) -> None:
    ReportJob.objects.filter(pk=job_id).update(published_at=timezone.now())


def report_retry(*, job: ReportJob) -> ReportJob:
    """Queue a failed job again, for its published results; an active twin is joined instead."""
    if job.state != ReportJob.State.FAILED:
        raise ValidationError(REPORT_NOT_RETRYABLE)
    if job.published is None:
        raise ValidationError(REPORT_WITHOUT_RESULTS)
    input_hash = report_input_hash(published=job.published)
    # A report of the same input may have succeeded since this one failed: reuse its PDF.
    done = _report_reusable(survey=job.survey, input_hash=input_hash)
    if done is not None and done.state == ReportJob.State.SUCCEEDED:
        return done
    try:
        with transaction.atomic():
            requeued = ReportJob.objects.filter(pk=job.pk, state=ReportJob.State.FAILED).update(
                state=ReportJob.State.QUEUED,
                input_hash=input_hash,
                attempts=0,
                progress=0,
                step=STEP_WAITING,
                error="",
                queued_at=timezone.now(),
                published_at=None,
                started_at=None,
                heartbeat_at=None,
                finished_at=None,
            )
            if requeued:
                _report_publish_on_commit(job_id=job.pk)
    except IntegrityError:
        twin = _report_reusable(survey=job.survey, input_hash=input_hash)
        if twin is not None:
            return twin
        raise
    return ReportJob.objects.get(pk=job.pk)


def report_claim(*, job_id: int) -> ReportJob | None:
    """Take the job for one render; None when it is done, failed, or alive in another worker."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER)
    abandoned = Q(state=ReportJob.State.RUNNING, heartbeat_at__lt=stale, attempts__lt=settings.REPORT_MAX_ATTEMPTS)
    claimed = ReportJob.objects.filter(Q(state=ReportJob.State.QUEUED) | abandoned, pk=job_id).update(
        state=ReportJob.State.RUNNING,
        attempts=F("attempts") + 1,
        progress=0,
        step=STEP_STARTING,
        error="",
        started_at=now,
        heartbeat_at=now,
    )
    if not claimed:
        return None
    return ReportJob.objects.select_related("survey", "requested_by", "published").get(pk=job_id)


def _report_claimed(job: ReportJob) -> QuerySet[ReportJob]:
    # Every write of a render names its claim (attempts), so that a render that lost its
    # claim to the sweeper can no longer touch the job.
    return ReportJob.objects.filter(pk=job.pk, state=ReportJob.State.RUNNING, attempts=job.attempts)


def report_progress(*, job: ReportJob, percent: int, step: str) -> None:
    _report_claimed(job).update(progress=max(0, min(percent, 99)), step=step[:100], heartbeat_at=timezone.now())


def report_run(*, job_id: int) -> None:
    """Claim, render and store one report. Transient errors are raised for the task to retry."""
    job = report_claim(job_id=job_id)
    if job is None:
        logger.info("Report job %s is not claimable (done, failed or running elsewhere).", job_id)
        return
    logger.info("Rendering report job %s (attempt %s).", job.pk, job.attempts)
    try:
        with report_heartbeat(job_id=job.pk, attempts=job.attempts):
            rendered = _report_render(job=job)
            name = _report_store(job=job, rendered=rendered)
    except TRANSIENT_ERRORS:
        report_release(job=job)
        raise
    except SoftTimeLimitExceeded:
        report_fail(job=job, error=REPORT_TIMED_OUT.format(seconds=settings.REPORT_SOFT_TIME_LIMIT))
        return
    except Exception as error:
        logger.exception("Report job %s failed to render.", job.pk)
        report_fail(job=job, error=REPORT_RENDER_FAILED.format(reason=_one_sentence(error)))
        return
    report_succeed(job=job, name=name, rendered=rendered)


def _report_render(*, job: ReportJob) -> RenderedPdf:
    report_progress(job=job, percent=2, step=STEP_GATHERING)
    if job.published is None:
        raise ValueError(REPORT_WITHOUT_RESULTS)
    data = report_data_published(published=job.published)
    renderer = import_string(settings.REPORT_RENDERER)

    # The renderer reports 0..100 of its own work, which is 5..90 of the job's.
    def on_progress(percent: int, step: str) -> None:
        report_progress(job=job, percent=5 + percent * 85 // 100, step=step)

    rendered: RenderedPdf = renderer(data=data, on_progress=on_progress)
    return rendered


def _report_store(*, job: ReportJob, rendered: RenderedPdf) -> str:
    report_progress(job=job, percent=95, step=STEP_STORING)
    return default_storage.save(f"reports/survey-{job.survey_id}/report-{job.pk}.pdf", ContentFile(rendered.content))


def report_succeed(*, job: ReportJob, name: str, rendered: RenderedPdf) -> None:
    with transaction.atomic():
        finished = _report_claimed(job).update(
            state=ReportJob.State.SUCCEEDED,
            progress=100,
            step=STEP_DONE,
            finished_at=timezone.now(),
            pdf=name,
            sha256=hashlib.sha256(rendered.content).hexdigest(),
            size=len(rendered.content),
            pages=rendered.pages,
        )
        if finished:
            _report_notify(job=job)
            report_ready.send(sender=ReportJob, job=job)
    if not finished:
        logger.warning("Report job %s lost its claim while rendering; its PDF is discarded.", job.pk)
        default_storage.delete(name)


def _report_notify(*, job: ReportJob) -> None:
    requester = job.requested_by
    if requester is None or not requester.email:
        return
    email_queue(
        to=requester.email,
        subject=f"Your report on {job.survey.title} is ready",
        template="reports/emails/report_ready.txt",
        context={"survey": job.survey, "status_path": reverse("reports:status", args=[job.pk])},
    )


def report_fail(*, job: ReportJob, error: str) -> None:
    active = [ReportJob.State.QUEUED, ReportJob.State.RUNNING]
    ReportJob.objects.filter(pk=job.pk, state__in=active, attempts=job.attempts).update(
        state=ReportJob.State.FAILED, error=error, finished_at=timezone.now()
    )


def report_release(*, job: ReportJob) -> None:
    """Hand a claimed job back to the queue after a transient error; the task publishes its retry."""
    _report_claimed(job).update(
        state=ReportJob.State.QUEUED,
        step=STEP_WAITING,
        heartbeat_at=None,
        queued_at=timezone.now(),
        published_at=timezone.now(),
    )


def report_give_up(*, job_id: int, error: BaseException) -> None:
    """After the last retry of a transient error: fail the job, whichever state it was left in."""
    attempts = ReportJob.objects.filter(pk=job_id).values_list("attempts", flat=True).first()
    if attempts is not None:
        reason = _one_sentence(error)
        job = ReportJob(pk=job_id, attempts=attempts)
        report_fail(job=job, error=REPORT_GAVE_UP.format(attempts=attempts, reason=reason))


def _one_sentence(error: BaseException) -> str:
    """What a lead may read of an error: its first line, never a traceback."""
    lines = str(error).strip().splitlines()
    text = lines[0].strip() if lines else type(error).__name__
    text = text[:300]
    return text if text.endswith((".", "!", "?")) else f"{text}."
