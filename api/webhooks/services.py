"""Webhooks of an organization: created by a lead, delivered by the worker, disabled when they keep failing.

A delivery is recorded in the database before its task is published (at least once: a lost
task is published again by the sweeper), and carries an event id that stays the same on every
attempt, for the receiver to drop duplicates.
"""

import enum
import json
import logging
import secrets
import time
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from api.models import Webhook, WebhookDelivery
from api.webhooks.addresses import target_post, target_resolve
from api.webhooks.signing import EVENT_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhook_signature
from outbox.emails import email_queue
from outbox.publishing import publish_on_commit
from surveys.models import Membership, Organization
from surveys.selectors.organizations import LEAD_ROLES

logger = logging.getLogger(__name__)

MAX_WEBHOOKS = 10
URL_MESSAGE = "Give the full address of your receiver, starting with https:// (at most 500 characters)."
EVENTS_MESSAGE = "Choose at least one event: {events}."
TOO_MANY_MESSAGE = f"An organization has at most {MAX_WEBHOOKS} webhooks."
DISABLED_MESSAGE = "This webhook is disabled: enable it again on the webhooks page."
STATUS_MESSAGE = "The receiver answered {status}."
DISABLED_REASON = "Disabled after {count} deliveries in a row failed; the last one: {error}"
USER_AGENT = "Faultline-Webhooks/1"


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"


def webhook_create(
    *, organization: Organization, created_by: User | None, url: str, events: list[str]
) -> tuple[Webhook, str]:
    """A new webhook and its signing secret (shown to the lead once); raises ValidationError."""
    url = url.strip()
    _validate_url(url)
    known = Webhook.Event.values
    if not events or any(event not in known for event in events):
        raise ValidationError(EVENTS_MESSAGE.format(events=", ".join(known)))
    if organization.webhooks.count() >= MAX_WEBHOOKS:
        raise ValidationError(TOO_MANY_MESSAGE)
    target_resolve(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
    secret = "whsec_" + secrets.token_urlsafe(32)
    ordered = [event for event in known if event in events]
    webhook = Webhook.objects.create(
        organization=organization, url=url, events=ordered, secret=secret, created_by=created_by
    )
    return webhook, secret


def _validate_url(url: str) -> None:
    if len(url) > 500:
        raise ValidationError(URL_MESSAGE)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(URL_MESSAGE) from None


def webhook_delete(*, webhook: Webhook) -> None:
    webhook.delete()


def webhook_enable(*, webhook: Webhook) -> None:
    Webhook.objects.filter(pk=webhook.pk).update(disabled_at=None, disabled_reason="", failures=0)


def webhooks_notify(*, organization_id: int, event: str, data: Mapping[str, object]) -> list[WebhookDelivery]:
    """Record one delivery per live webhook of the organization that listens to the event."""
    hooks = Webhook.objects.filter(organization_id=organization_id, disabled_at__isnull=True)
    deliveries = []
    for webhook in hooks:
        if event not in webhook.events:
            continue
        delivery = WebhookDelivery(webhook=webhook, event=event)
        delivery.payload = {"id": str(delivery.event_id), "event": event, "data": dict(data)}
        delivery.save()
        delivery_publish_on_commit(delivery_id=delivery.pk)
        deliveries.append(delivery)
    return deliveries


def delivery_publish_on_commit(*, delivery_id: int) -> None:
    from api.tasks import webhook_deliver_task

    publish_on_commit(webhook_deliver_task, delivery_id)


def delivery_attempt(*, delivery_id: int) -> Outcome:
    """One attempt: DELIVERED on a 2xx, FAILED when it can never succeed, RETRY otherwise."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != WebhookDelivery.State.PENDING:
        return Outcome.DELIVERED
    webhook = delivery.webhook
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1, last_attempt_at=timezone.now())
    if webhook.disabled_at is not None:
        delivery_fail(delivery=delivery, error=DISABLED_MESSAGE, counts=False)
        return Outcome.FAILED
    try:
        target = target_resolve(webhook.url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
    except ValidationError as refusal:
        delivery_fail(delivery=delivery, error=refusal.messages[0])
        return Outcome.FAILED
    try:
        status = target_post(target, body=_body(delivery), headers=_headers(delivery), timeout=settings.WEBHOOK_TIMEOUT)
    except OSError as error:
        _record(delivery, status=None, error=f"No answer: {error}"[:300])
        return Outcome.RETRY
    if 200 <= status < 300:
        _delivered(delivery, status=status)
        return Outcome.DELIVERED
    _record(delivery, status=status, error=STATUS_MESSAGE.format(status=status))
    return Outcome.RETRY


def _body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def _headers(delivery: WebhookDelivery) -> dict[str, str]:
    timestamp = int(time.time())
    signature = webhook_signature(secret=delivery.webhook.secret, timestamp=timestamp, body=_body(delivery))
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: delivery.event,
        EVENT_ID_HEADER: str(delivery.event_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature,
    }


def _record(delivery: WebhookDelivery, *, status: int | None, error: str) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(last_status=status, last_error=error)


def _delivered(delivery: WebhookDelivery, *, status: int) -> None:
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDelivery.State.DELIVERED, last_status=status, last_error="", delivered_at=timezone.now()
        )
        Webhook.objects.filter(pk=delivery.webhook_id).update(failures=0)


@transaction.atomic
def delivery_fail(*, delivery: WebhookDelivery, error: str = "", counts: bool = True) -> None:
    """Give a delivery up; a webhook whose deliveries keep failing is disabled and its leads told."""
    fields: dict[str, object] = {"state": WebhookDelivery.State.FAILED}
    if error:
        fields["last_error"] = error[:300]
    if not WebhookDelivery.objects.filter(pk=delivery.pk, state=WebhookDelivery.State.PENDING).update(**fields):
        return
    if not counts:
        return
    Webhook.objects.filter(pk=delivery.webhook_id).update(failures=F("failures") + 1)
    webhook = Webhook.objects.select_related("organization").get(pk=delivery.webhook_id)
    if webhook.disabled_at is None and webhook.failures >= settings.WEBHOOK_DISABLE_AFTER:
        last = error or WebhookDelivery.objects.get(pk=delivery.pk).last_error
        _webhook_disable(webhook=webhook, reason=DISABLED_REASON.format(count=webhook.failures, error=last))


def _webhook_disable(*, webhook: Webhook, reason: str) -> None:
    Webhook.objects.filter(pk=webhook.pk).update(disabled_at=timezone.now(), disabled_reason=reason[:300])
    leads = Membership.objects.filter(organization=webhook.organization, role__in=LEAD_ROLES).select_related("user")
    for membership in leads:
        if membership.user.email:
            email_queue(
                to=membership.user.email,
                subject=f"A webhook of {webhook.organization.name} was disabled",
                template="api/emails/webhook_disabled.txt",
                context={"webhook": webhook, "reason": reason},
            )
