"""E-mail through a database outbox: recorded in the request, sent by the worker."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.models import OutgoingEmail

logger = logging.getLogger(__name__)


def email_queue(*, to: str, subject: str, template: str, context: dict[str, object]) -> OutgoingEmail:
    from outbox.publishing import publish_on_commit
    from outbox.tasks import email_deliver_task

    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    email = OutgoingEmail.objects.create(to=to, subject=subject.strip(), body=body)
    publish_on_commit(email_deliver_task, email.pk, then=lambda: email_mark_published(email_id=email.pk))
    return email


def email_mark_published(*, email_id: int) -> None:
    OutgoingEmail.objects.filter(pk=email_id).update(published_at=timezone.now())


def email_claim(*, email_id: int) -> bool:
    """Take an unsent e-mail for one delivery attempt; False when it is sent or being sent."""
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER)
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    claimed = OutgoingEmail.objects.filter(unclaimed, pk=email_id, sent_at__isnull=True).update(
        claimed_at=timezone.now()
    )
    return claimed == 1


def email_deliver(*, email_id: int) -> None:
    """Send one recorded e-mail. Raises on a transport error, after releasing the claim."""
    if not email_claim(email_id=email_id):
        return
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as error:
        OutgoingEmail.objects.filter(pk=email_id).update(
            claimed_at=None, attempts=email.attempts + 1, last_error=str(error)[:1000]
        )
        raise
    OutgoingEmail.objects.filter(pk=email_id).update(sent_at=timezone.now(), attempts=email.attempts + 1)


def email_pending_ids(*, older_than: timedelta) -> list[int]:
    """Unsent e-mails that nobody is working on: never published, or lost by the broker."""
    cutoff = timezone.now() - older_than
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER)
    waiting = Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    pending = OutgoingEmail.objects.filter(waiting, sent_at__isnull=True, created_at__lt=cutoff)
    return list(pending.filter(Q(published_at__isnull=True) | Q(published_at__lt=cutoff)).values_list("pk", flat=True))
