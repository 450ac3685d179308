"""Webhooks: refused for private addresses, delivered signed to a local receiver, retried, disabled."""

import json
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from api.models import Webhook, WebhookDelivery
from api.webhooks.addresses import target_resolve
from api.webhooks.services import Outcome, delivery_attempt, delivery_fail, webhook_create
from api.webhooks.signing import (
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    webhook_signature_valid,
)
from outbox.models import OutgoingEmail
from reports.publishing import results_publish
from surveys.models import Organization, Survey
from surveys.services.surveys import survey_close
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.receiver import Receiver, receiver_running
from tests.support.report_jobs import report_job_succeeded

PRIVATE = [
    "http://127.0.0.1:9/",
    "http://localhost/",
    "http://10.1.2.3/",
    "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[fe80::1]/",
    "http://0.0.0.0/",
]


@pytest.mark.parametrize("url", PRIVATE)
def test_it_refuses_private_loopback_and_link_local_addresses_by_default(url: str) -> None:
    with pytest.raises(ValidationError, match="webhooks go to public addresses only"):
        target_resolve(url, allow_private=False)


def test_it_accepts_a_public_address_and_a_private_one_only_when_allowed() -> None:
    assert target_resolve("https://93.184.216.34/hook", allow_private=False).address == "93.184.216.34"
    assert target_resolve("http://127.0.0.1:9/", allow_private=True).port == 9


@pytest.mark.parametrize("url", ["ftp://example.com/", "file:///etc/passwd", "http:///nohost", "javascript:alert(1)"])
def test_it_refuses_what_is_not_a_web_address(url: str) -> None:
    with pytest.raises(ValidationError):
        target_resolve(url, allow_private=True)


@pytest.fixture
def receiver(settings: SettingsWrapper) -> Iterator[Receiver]:
    # The receiver listens on loopback: only these tests allow it.
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with receiver_running() as running:
        yield running


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme, roles=["data_scientist", "engineer"])
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    return survey


def _hook(acme: Organization, url: str, events: list[str] | None = None) -> tuple[Webhook, str]:
    return webhook_create(organization=acme, created_by=None, url=url, events=events or Webhook.Event.values)


def test_it_delivers_a_signed_event_that_carries_no_figure(
    acme: Organization, survey: Survey, receiver: Receiver
) -> None:
    _webhook, secret = _hook(acme, receiver.url)
    results_publish(survey=survey)
    delivery = WebhookDelivery.objects.get(event=Webhook.Event.RESULTS_PUBLISHED)
    assert delivery_attempt(delivery_id=delivery.pk) is Outcome.DELIVERED
    [received] = receiver.received
    timestamp = int(received.headers[TIMESTAMP_HEADER])
    assert webhook_signature_valid(
        secret=secret, timestamp=timestamp, body=received.body, signature=received.headers[SIGNATURE_HEADER]
    )
    assert not webhook_signature_valid(
        secret=secret, timestamp=timestamp + 1, body=received.body, signature=received.headers[SIGNATURE_HEADER]
    )
    payload = json.loads(received.body)
    assert payload["id"] == received.headers[EVENT_ID_HEADER] == str(delivery.event_id)
    assert payload["data"]["results"]["url"].endswith(f"/api/v1/surveys/{survey.pk}/results/")
    assert not {"mean_risk", "health_index", "submitted", "n"} & set(_keys(payload))
    assert WebhookDelivery.objects.get().state == WebhookDelivery.State.DELIVERED


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _keys(child)


def test_it_retries_a_delivery_the_receiver_refused_with_the_same_event_id(
    acme: Organization, survey: Survey, receiver: Receiver
) -> None:
    receiver.statuses = [500]
    _hook(acme, receiver.url, [Webhook.Event.ROUND_CLOSED])
    survey_close(survey=survey)
    delivery = WebhookDelivery.objects.get()
    assert delivery_attempt(delivery_id=delivery.pk) is Outcome.RETRY
    assert WebhookDelivery.objects.values_list("state", "last_status").get() == ("pending", 500)
    assert delivery_attempt(delivery_id=delivery.pk) is Outcome.DELIVERED
    first, second = receiver.received
    assert first.headers[EVENT_ID_HEADER] == second.headers[EVENT_ID_HEADER]
    assert json.loads(second.body)["event"] == "round.closed"
    assert WebhookDelivery.objects.get().attempts == 2


def test_it_hears_a_report_that_is_ready(acme: Organization, survey: Survey, receiver: Receiver) -> None:
    _hook(acme, receiver.url, [Webhook.Event.REPORT_READY])
    job = report_job_succeeded(survey)
    delivery = WebhookDelivery.objects.get()
    assert delivery.payload["data"]["report"]["id"] == job.pk


def test_it_refuses_to_deliver_to_a_private_address_by_default(
    acme: Organization, survey: Survey, receiver: Receiver, settings: SettingsWrapper
) -> None:
    _hook(acme, receiver.url)
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    results_publish(survey=survey)
    delivery = WebhookDelivery.objects.get()
    assert delivery_attempt(delivery_id=delivery.pk) is Outcome.FAILED
    assert receiver.received == []
    assert "public addresses only" in WebhookDelivery.objects.get().last_error


def test_it_disables_a_webhook_that_keeps_failing_and_tells_the_leads(
    acme: Organization, survey: Survey, alice: User, bob: User, victor: User, settings: SettingsWrapper
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_DISABLE_AFTER = 2
    webhook, _secret = _hook(acme, "http://127.0.0.1:9/")
    for _ in range(2):
        delivery = WebhookDelivery.objects.create(webhook=webhook, event="round.closed", payload={})
        delivery_fail(delivery=delivery, error="The receiver answered 500.")
    webhook.refresh_from_db()
    assert webhook.disabled_at is not None
    assert "2 deliveries in a row failed" in webhook.disabled_reason
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [alice.email, bob.email]
    results_publish(survey=survey)
    assert not WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).exists()


def test_a_lead_adds_a_webhook_and_sees_its_secret_once(alice: User, settings: SettingsWrapper) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    client = client_for(alice)
    page = client.post(reverse("api:webhooks"), {"url": "http://127.0.0.1:9/h", "events": ["report.ready"]})
    webhook = Webhook.objects.get()
    assert webhook.secret in page.content.decode()
    assert webhook.secret not in client.get(reverse("api:webhooks")).content.decode()
    assert client.get(reverse("api:webhook_detail", args=[webhook.pk])).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "http://127.0.0.1:9/", "events": ["report.ready"]}, "public addresses only"),
        ({"url": "not a url", "events": ["report.ready"]}, "Give the full address"),
        ({"url": "https://93.184.216.34/", "events": ["nothing"]}, "Select a valid choice"),
    ],
)
def test_it_refuses_a_bad_webhook_and_creates_nothing(alice: User, data: dict[str, object], message: str) -> None:
    page = client_for(alice).post(reverse("api:webhooks"), data)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Webhook.objects.exists()


def test_it_keeps_webhooks_to_their_organizations_leads(acme: Organization, victor: User, charlie: User) -> None:
    webhook, _secret = _hook(acme, "https://93.184.216.34/")
    assert client_for(victor).get(reverse("api:webhooks")).status_code == 302
    for name in ("api:webhook_detail", "api:webhook_enable", "api:webhook_delete"):
        client = client_for(charlie)
        response = (
            client.get(reverse(name, args=[webhook.pk]))
            if name.endswith("detail")
            else client.post(reverse(name, args=[webhook.pk]))
        )
        assert response.status_code == 404
    assert Webhook.objects.filter(pk=webhook.pk).exists()
