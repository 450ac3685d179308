"""E-mail travels through a real Redis to a real Celery worker process."""

from pathlib import Path

import pytest
from django.db import transaction
from pytest_django.fixtures import Settings as SettingsWrapper

from outbox.emails import DELIVERED_BODY, email_queue
from outbox.models import OutgoingEmail
from outbox.tasks import email_sweep
from surveys.models import Organization
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.services import WorkerFactory, wait_until

pytestmark = pytest.mark.worker


def delivered_to(outbox: Path, address: str) -> bool:
    return outbox.exists() and any(address in path.read_text() for path in outbox.iterdir())


def queue_welcome(address: str) -> OutgoingEmail:
    with transaction.atomic():
        return email_queue(
            to=address, subject="Welcome", template="registration/password_reset_subject.txt", context={}
        )


def test_it_delivers_an_email_through_a_real_worker(worker_factory: WorkerFactory) -> None:
    worker_factory()
    email = queue_welcome("dana@example.com")
    wait_until(lambda: delivered_to(worker_factory.outbox, "dana@example.com"), timeout=20, message="no e-mail")
    wait_until(lambda: OutgoingEmail.objects.get(pk=email.pk).sent_at is not None, timeout=5, message="not marked")


def test_it_delivers_an_email_queued_while_the_worker_was_dead(worker_factory: WorkerFactory) -> None:
    worker = worker_factory()
    worker.kill()
    queue_welcome("erin@example.com")
    worker.start()
    wait_until(lambda: delivered_to(worker_factory.outbox, "erin@example.com"), timeout=20, message="e-mail lost")


def test_it_delivers_an_email_whose_worker_was_killed_mid_delivery(
    worker_factory: WorkerFactory, settings: SettingsWrapper
) -> None:
    settings.JOB_STALE_AFTER = 5
    # The first worker's e-mail backend hangs, so the task is in flight when SIGKILL lands.
    worker = worker_factory(EMAIL_BACKEND="tests.support.backends.HangingEmailBackend", JOB_STALE_AFTER="5")
    email = queue_welcome("frank@example.com")
    wait_until(lambda: "HangingEmailBackend: sending" in worker.log(), timeout=20, message="delivery never started")
    worker.kill()
    assert OutgoingEmail.objects.get(pk=email.pk).sent_at is None
    worker.extra_env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    worker.start()
    # Redis gave the message to a dead consumer; the beat sweeper publishes it again
    # once its claim has gone stale (JOB_STALE_AFTER), and the new worker delivers it.
    wait_until(lambda: sweep_after_stale(), timeout=30, interval=1, message="the sweeper never republished")
    wait_until(lambda: delivered_to(worker_factory.outbox, "frank@example.com"), timeout=20, message="e-mail lost")


def sweep_after_stale() -> bool:
    return email_sweep() > 0


def test_a_real_worker_leaves_no_token_in_a_delivered_invitation(
    worker_factory: WorkerFactory, acme: Organization
) -> None:
    worker_factory()
    survey = make_survey(acme)
    with transaction.atomic():
        [(_invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["gus@example.com"])
    wait_until(lambda: delivered_to(worker_factory.outbox, token), timeout=20, message="no invitation e-mail")
    wait_until(lambda: OutgoingEmail.objects.get().sent_at is not None, timeout=5, message="not marked sent")
    email = OutgoingEmail.objects.get()
    assert token not in email.body
    assert email.body == DELIVERED_BODY
