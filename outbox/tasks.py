from datetime import timedelta

from celery import shared_task
from django.conf import settings

from outbox.emails import email_deliver, email_mark_published, email_pending_ids
from outbox.publishing import publish_now

EMAIL_MAX_RETRIES = 8


@shared_task(bind=True, max_retries=EMAIL_MAX_RETRIES, acks_late=True)
def email_deliver_task(self, email_id: int) -> None:  # type: ignore[no-untyped-def]
    try:
        email_deliver(email_id=email_id)
    except Exception as error:
        # Exponential backoff: 10 s, 20 s, 40 s ... about 40 minutes in all.
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error


@shared_task
def email_sweep() -> int:
    """Publish again the e-mails that a broker outage or a lost worker left unsent."""
    republished = 0
    for email_id in email_pending_ids(older_than=timedelta(seconds=settings.JOB_STALE_AFTER)):
        if publish_now(email_deliver_task, email_id):
            email_mark_published(email_id=email_id)
            republished += 1
    return republished
