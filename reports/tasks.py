from celery import shared_task
from django.conf import settings

from reports.action_emails import actions_email_due as actions_email_due_service
from reports.services import TRANSIENT_ERRORS, report_give_up, report_run
from reports.sweeping import reports_sweep as reports_sweep_service

REPORT_MAX_RETRIES = 3
REPORT_RETRY_BASE = 5  # seconds


@shared_task(
    bind=True,
    max_retries=REPORT_MAX_RETRIES,
    acks_late=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,  # seconds: the render fails with a message
    time_limit=settings.REPORT_TIME_LIMIT,  # seconds: the process is killed; the sweeper takes over
)
def report_generate_task(self, job_id: int) -> None:  # type: ignore[no-untyped-def]
    try:
        report_run(job_id=job_id)
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            report_give_up(job_id=job_id, error=error)
            return
        # Exponential backoff: 5 s, 10 s, 20 s.
        raise self.retry(exc=error, countdown=REPORT_RETRY_BASE * 2**self.request.retries) from error


@shared_task
def reports_sweep() -> dict[str, int]:
    """Beat's rounds: publish the jobs nobody picked up, take back those whose worker died."""
    return {decision.value: count for decision, count in reports_sweep_service().items()}


@shared_task
def actions_email_due() -> int:
    """E-mail the owners of actions that fall due today (beat; each action's e-mail at most once)."""
    return actions_email_due_service()
