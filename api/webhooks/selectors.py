from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from api.models import Webhook, WebhookDelivery
from surveys.selectors.organizations import organizations_led_by

DELIVERY_LOG_LENGTH = 50


def webhooks_for_lead(*, user: User | AnonymousUser) -> QuerySet[Webhook]:
    return Webhook.objects.filter(organization__in=organizations_led_by(user=user)).select_related("organization")


def webhook_get_for_lead(*, user: User | AnonymousUser, pk: int) -> Webhook:
    """The webhook, for an owner or lead of its organization; 404 for anyone else."""
    webhook = webhooks_for_lead(user=user).filter(pk=pk).first()
    if webhook is None:
        raise Http404
    return webhook


def webhook_deliveries(*, webhook: Webhook) -> list[WebhookDelivery]:
    """The newest deliveries, for the lead's log."""
    return list(webhook.deliveries.order_by("-created_at", "-id")[:DELIVERY_LOG_LENGTH])
