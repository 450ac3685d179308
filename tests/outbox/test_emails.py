"""E-mail subjects built from what leads type can never stop a send."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from outbox.emails import MAX_SUBJECT_LENGTH, email_deliver, email_subject
from outbox.models import OutgoingEmail
from surveys.models import Organization, Survey
from surveys.services.invitations import invitations_create_personal
from surveys.services.organizations import organization_invite
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("character", ["\r", "\n", "\r\n", "\x00", "\x0b", "\x1c", "\x85", "\u2028"])
def test_a_subject_turns_any_control_character_into_a_space(character: str) -> None:
    assert email_subject(f"Join Acme{character}Bcc: victim@example.com") == "Join Acme Bcc: victim@example.com"


def test_a_subject_is_cut_to_its_column() -> None:
    assert len(email_subject("x" * 1000)) == MAX_SUBJECT_LENGTH


def deliver_all() -> None:
    for email_id in OutgoingEmail.objects.values_list("pk", flat=True):
        email_deliver(email_id=email_id)


def test_an_invitation_to_a_survey_whose_title_holds_a_line_break_is_sent(acme: Organization) -> None:
    # Stored before titles were checked: the e-mail must still go out.
    survey = make_survey(acme, roles=["engineer"])
    Survey.objects.filter(pk=survey.pk).update(title="Churn\r\nmodel")
    survey.refresh_from_db()
    invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    deliver_all()
    assert [message.subject for message in mail.outbox] == ["Your invitation: Churn model"]


def test_an_invitation_to_an_organization_whose_name_holds_a_line_break_is_sent(alice: User) -> None:
    organization = Organization.objects.create(name="Acme\nML")
    organization_invite(organization=organization, email="dana@example.com", role="lead", invited_by=alice)
    deliver_all()
    assert [message.subject for message in mail.outbox] == ["Join Acme ML on Faultline"]


def test_an_email_recorded_with_a_line_break_in_its_subject_is_sent(db: None) -> None:
    email = OutgoingEmail.objects.create(to="dana@example.com", subject="Reminder: A\nB", body="Hello")
    email_deliver(email_id=email.pk)
    assert [message.subject for message in mail.outbox] == ["Reminder: A B"]
