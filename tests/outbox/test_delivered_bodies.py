"""A delivered e-mail keeps no link token: its stored body is cleared (privacy.md)."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from outbox.emails import DELIVERED_BODY, email_deliver
from outbox.models import OutgoingEmail
from surveys.models import Organization
from surveys.services.invitations import invitation_url, invitations_create_personal
from tests.conftest import client_for
from tests.factories import make_survey


def deliver_all() -> None:
    for email_id in OutgoingEmail.objects.values_list("pk", flat=True):
        email_deliver(email_id=email_id)


def test_a_delivered_invitation_keeps_no_personal_link(acme: Organization) -> None:
    survey = make_survey(acme)
    [(_invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    deliver_all()
    assert invitation_url(token) in mail.outbox[0].body
    email = OutgoingEmail.objects.get()
    assert (email.body, email.to, email.sent_at is not None) == (DELIVERED_BODY, "ed@example.com", True)


def test_a_delivered_password_reset_keeps_no_reset_link(alice: User) -> None:
    Client().post(reverse("password_reset"), {"email": "alice@example.com"})
    deliver_all()
    assert re.search(r"/reset/\S+/", str(mail.outbox[0].body))
    assert OutgoingEmail.objects.get().body == DELIVERED_BODY


def test_a_delivered_organization_invitation_keeps_no_join_link(alice: User, acme: Organization) -> None:
    client_for(alice).post(
        reverse("organization_detail", args=[acme.pk]), {"email": "vi@example.com", "role": "viewer"}
    )
    deliver_all()
    assert "/join/" in mail.outbox[0].body
    assert OutgoingEmail.objects.get().body == DELIVERED_BODY


def test_an_e_mail_that_failed_keeps_its_body_for_the_next_attempt(acme: Organization, settings: object) -> None:
    survey = make_survey(acme)
    [(_invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    settings.EMAIL_BACKEND = "tests.support.backends.FailingEmailBackend"  # type: ignore[attr-defined]
    email = OutgoingEmail.objects.get()
    with pytest.raises(ConnectionError):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert (email.sent_at, invitation_url(token) in email.body) == (None, True)
