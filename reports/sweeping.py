"""What beat does with report jobs that nobody is working on, so that none waits forever.

`report_sweep_decision` is pure (plain values in, a decision out) and tested with fabricated
timestamps; `reports_sweep` applies the decisions with conditional UPDATEs, so that it never
takes a job from a worker that is still alive.
"""

import enum
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from outbox.publishing import publish_now
from reports.models import ReportJob
from reports.services import STEP_WAITING, report_mark_published

logger = logging.getLogger(__name__)

REPORT_INTERRUPTED = (
    "The report was interrupted {attempts} times (its worker stopped while rendering it) and was given up; try again."
)
REPORT_NEVER_PICKED_UP = (
    "The report waited {hours:g} hours and the worker never picked it up; "
    "check that a worker is running, then try again."
)


class SweepDecision(enum.Enum):
    LEAVE = "leave"
    PUBLISH = "publish"
    REQUEUE = "requeue"
    FAIL_INTERRUPTED = "fail_interrupted"
    FAIL_NEVER_PICKED_UP = "fail_never_picked_up"


@dataclass(frozen=True)
class SweepRules:
    now: datetime
    stale_after: timedelta
    queued_max_age: timedelta
    max_attempts: int

    @classmethod
    def from_settings(cls) -> "SweepRules":
        return cls(
            now=timezone.now(),
            stale_after=timedelta(seconds=settings.JOB_STALE_AFTER),
            queued_max_age=timedelta(seconds=settings.REPORT_QUEUED_MAX_AGE),
            max_attempts=settings.REPORT_MAX_ATTEMPTS,
        )


def report_sweep_decision(
    *,
    state: str,
    queued_at: datetime,
    published_at: datetime | None,
    heartbeat_at: datetime | None,
    attempts: int,
    rules: SweepRules,
) -> SweepDecision:
    if state == ReportJob.State.QUEUED:
        if queued_at < rules.now - rules.queued_max_age:
            return SweepDecision.FAIL_NEVER_PICKED_UP
        # Never published (the broker was down), or published long ago and lost by the broker.
        if published_at is None or published_at < rules.now - rules.stale_after:
            return SweepDecision.PUBLISH
        return SweepDecision.LEAVE
    if state == ReportJob.State.RUNNING:
        if heartbeat_at is not None and heartbeat_at >= rules.now - rules.stale_after:
            return SweepDecision.LEAVE
        if attempts >= rules.max_attempts:
            return SweepDecision.FAIL_INTERRUPTED
        return SweepDecision.REQUEUE
    return SweepDecision.LEAVE


def reports_sweep() -> dict[SweepDecision, int]:
    """Apply the sweeper's decision to every active job; counts what it did, by decision."""
    rules = SweepRules.from_settings()
    done = dict.fromkeys(SweepDecision, 0)
    fields = ("pk", "state", "queued_at", "published_at", "heartbeat_at", "attempts")
    active = ReportJob.objects.filter(state__in=[ReportJob.State.QUEUED, ReportJob.State.RUNNING])
    for job_id, state, queued_at, published_at, heartbeat_at, attempts in active.values_list(*fields):
        decision = report_sweep_decision(
            state=state,
            queued_at=queued_at,
            published_at=published_at,
            heartbeat_at=heartbeat_at,
            attempts=attempts,
            rules=rules,
        )
        if decision != SweepDecision.LEAVE and _sweep_apply(
            job_id=job_id, decision=decision, attempts=attempts, rules=rules
        ):
            done[decision] += 1
    return done


def _sweep_apply(*, job_id: int, decision: SweepDecision, attempts: int, rules: SweepRules) -> bool:
    """Carry the decision out; False when the job changed meanwhile or the broker is still down."""
    job = ReportJob.objects.filter(pk=job_id)
    stale = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=rules.now - rules.stale_after)
    # The claim it was seen with: a worker that claimed the job since then keeps it.
    dead = job.filter(stale, state=ReportJob.State.RUNNING, attempts=attempts)
    if decision == SweepDecision.FAIL_INTERRUPTED:
        error = REPORT_INTERRUPTED.format(attempts=attempts)
        return bool(dead.update(state=ReportJob.State.FAILED, error=error, finished_at=rules.now))
    if decision == SweepDecision.FAIL_NEVER_PICKED_UP:
        error = REPORT_NEVER_PICKED_UP.format(hours=round(rules.queued_max_age.total_seconds() / 3600, 2))
        queued = job.filter(state=ReportJob.State.QUEUED)
        return bool(queued.update(state=ReportJob.State.FAILED, error=error, finished_at=rules.now))
    if decision == SweepDecision.REQUEUE:
        logger.warning("Report job %s stopped beating; it is queued again.", job_id)
        requeue = {"state": ReportJob.State.QUEUED, "step": STEP_WAITING, "queued_at": rules.now, "published_at": None}
        if not dead.update(**requeue):
            return False
    return _sweep_publish(job_id=job_id)


def _sweep_publish(*, job_id: int) -> bool:
    from reports.tasks import report_generate_task

    if not publish_now(report_generate_task, job_id):
        return False
    report_mark_published(job_id=job_id)
    return True
