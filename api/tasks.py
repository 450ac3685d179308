from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from api.models import WebhookDelivery
from api.webhooks.services import Outcome, delivery_attempt, delivery_fail
from outbox.publishing import publish_now

# A delivery still pending this long after its last sign of life lost its task (a broker
# outage, a killed worker): the sweeper publishes it again. Receivers drop the duplicates
# that this may cause by the event id.
SWEEP_UNTRIED_AFTER = timedelta(minutes=2)
SWEEP_STALLED_AFTER = timedelta(hours=2)


@shared_task(bind=True, max_retries=None)
def webhook_deliver_task(self, delivery_id: int) -> str:  # type: ignore[no-untyped-def]
    outcome = delivery_attempt(delivery_id=delivery_id)
    if outcome is not Outcome.RETRY:
        return outcome.value
    if self.request.retries + 1 >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery = WebhookDelivery.objects.get(pk=delivery_id)
        delivery_fail(delivery=delivery)
        return Outcome.FAILED.value
    # Exponential backoff: base, 2 x base, 4 x base... seconds.
    raise self.retry(countdown=settings.WEBHOOK_RETRY_BASE * 2**self.request.retries)


@shared_task
def webhooks_sweep() -> int:
    """Beat: publish again the pending deliveries whose task was lost; returns how many."""
    now = timezone.now()
    lost = WebhookDelivery.objects.filter(
        Q(last_attempt_at__isnull=True, created_at__lt=now - SWEEP_UNTRIED_AFTER)
        | Q(last_attempt_at__lt=now - SWEEP_STALLED_AFTER),
        state=WebhookDelivery.State.PENDING,
    )
    ids = list(lost.values_list("pk", flat=True)[:500])
    for delivery_id in ids:
        publish_now(webhook_deliver_task, delivery_id)
    return len(ids)
