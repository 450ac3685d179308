"""The lead's links (issue 13): labels, oldest first, revoke with a confirmation and an undo,
links shown once after a redirect, the lead's message, every error of a list at once, and a
closed survey without invitation forms."""

import datetime
import html

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.emails import email_deliver
from outbox.models import OutgoingEmail
from surveys.forms.invitations import (
    LINE_NO_ROLE_MESSAGE,
    LINE_PROBLEM_MESSAGE,
    LINE_REPEATED_MESSAGE,
    LINE_ROLE_MESSAGE,
)
from surveys.models import Invitation, Organization, Response, Survey
from surveys.services.invitations import (
    ALREADY_INVITED_MESSAGE,
    LABEL_FIELD,
    MESSAGE_FIELD,
    REVOKE_UNDO_WINDOW,
    UNDO_EXPIRED_MESSAGE,
    invitation_create_open,
    invitation_restore,
    invitation_revoke,
    invitations_create_personal,
)
from surveys.validators import (
    CONTROL_CHARACTER_MESSAGE,
    EMAIL_INVALID_MESSAGE,
    NULL_CHARACTER_MESSAGE,
    TOO_LONG_MESSAGE,
)
from surveys.views.invitation_revoking import INVITATION_RESTORED_MESSAGE, INVITATION_REVOKED_MESSAGE
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.questionnaire import escaped_open_link_draft, start_url


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=["data_scientist", "engineer"])


def invitations_page(client: Client, survey: Survey) -> str:
    return client.get(reverse("surveys:invitations", args=[survey.pk])).content.decode()


def revoked_minutes_ago(invitation: Invitation, minutes: float) -> None:
    revoked_at = timezone.now() - datetime.timedelta(minutes=minutes)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=revoked_at)
    invitation.refresh_from_db()


# Labels and order


def test_a_label_given_when_making_links_shows_in_the_list(alice: User, survey: Survey) -> None:
    data = {"links-role": "engineer", "links-count": "2", "links-label": "Offsite, table 3"}
    client = client_for(alice)
    client.post(reverse("surveys:invite_links", args=[survey.pk]), data)
    assert list(Invitation.objects.values_list("label", flat=True)) == ["Offsite, table 3"] * 2
    assert invitations_page(client, survey).count("Offsite, table 3") == 2


def test_an_open_link_and_pasted_addresses_take_a_label_too(alice: User, survey: Survey) -> None:
    client = client_for(alice)
    client.post(reverse("surveys:invite_open", args=[survey.pk]), {"open-roles": ["engineer"], "open-label": "Slack"})
    client.post(
        reverse("surveys:invite_paste", args=[survey.pk]),
        {"paste-lines": "ann@example.com, engineer", "paste-label": "Platform team"},
    )
    labels = dict(Invitation.objects.values_list("kind", "label"))
    assert labels == {Invitation.Kind.OPEN: "Slack", Invitation.Kind.PERSONAL: "Platform team"}


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("two\nlines", CONTROL_CHARACTER_MESSAGE.format(field=LABEL_FIELD)),
        ("x" * 101, TOO_LONG_MESSAGE.format(field=LABEL_FIELD, limit=100, length=101)),
    ],
)
def test_it_refuses_a_bad_label_and_creates_nothing(alice: User, survey: Survey, label: str, message: str) -> None:
    data = {"links-role": "engineer", "links-count": "1", "links-label": label}
    response = client_for(alice).post(reverse("surveys:invite_links", args=[survey.pk]), data)
    assert response.status_code == 400
    assert html.escape(message) in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_list_shows_links_oldest_first_and_tells_unlabelled_ones_apart(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role="engineer", emails=["first@example.com"])
    invitations_create_personal(survey=survey, role="engineer", count=2)
    invitations_create_personal(survey=survey, role="engineer", emails=["last@example.com"])
    page = invitations_page(client_for(alice), survey)
    assert page.index("first@example.com") < page.index("Personal link 2") < page.index("Personal link 3")
    assert page.index("Personal link 3") < page.index("last@example.com")


# Revoke, with a confirmation and an undo


def test_revoking_asks_first_naming_the_link(alice: User, survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1, label="Offsite")
    client = client_for(alice)
    assert reverse("surveys:revoke", args=[survey.pk, invitation.pk]) in invitations_page(client, survey)
    page = client.get(reverse("surveys:revoke", args=[survey.pk, invitation.pk])).content.decode()
    for text in ("Offsite", "Engineer", timezone.localtime(invitation.created_at).strftime("%-d %B %Y")):
        assert text in page
    assert Invitation.objects.get().revoked_at is None


def test_the_confirmation_of_an_open_link_says_its_drafts_end(alice: User, survey: Survey) -> None:
    invitation, _token = invitation_create_open(survey=survey, roles=["engineer"])
    page = client_for(alice).get(reverse("surveys:revoke", args=[survey.pk, invitation.pk])).content.decode()
    assert "Open link" in page
    assert "not yet submitted are deleted" in page


def test_after_revoking_the_page_offers_an_undo_that_restores_the_link(alice: User, survey: Survey) -> None:
    [(invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com"])
    client = client_for(alice)
    page = client.post(reverse("surveys:revoke", args=[survey.pk, invitation.pk]), follow=True).content.decode()
    assert html.escape(INVITATION_REVOKED_MESSAGE.format(name="ann@example.com")) in page
    assert Client().get(start_url(token)).status_code == 410
    undo = reverse("surveys:restore", args=[survey.pk, invitation.pk])
    assert undo in page
    page = client.post(undo, follow=True).content.decode()
    assert html.escape(INVITATION_RESTORED_MESSAGE.format(name="ann@example.com")) in page
    assert Invitation.objects.get().revoked_at is None
    assert Client().get(start_url(token)).status_code == 200
    assert undo not in page


def test_the_undo_is_offered_for_a_few_minutes_only(alice: User, survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1)
    client = client_for(alice)
    client.post(reverse("surveys:revoke", args=[survey.pk, invitation.pk]))
    undo = reverse("surveys:restore", args=[survey.pk, invitation.pk])
    assert undo in invitations_page(client, survey)
    revoked_minutes_ago(invitation, REVOKE_UNDO_WINDOW.total_seconds() / 60 + 1)
    assert undo not in invitations_page(client, survey)
    page = client.post(undo, follow=True).content.decode()
    assert html.escape(UNDO_EXPIRED_MESSAGE) in page
    assert Invitation.objects.get().revoked_at is not None


def test_undo_refuses_an_address_invited_again_meanwhile(survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com"])
    invitation_revoke(invitation=invitation)
    invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com"])
    with pytest.raises(ValidationError) as raised:
        invitation_restore(invitation=invitation)
    assert raised.value.messages == [ALREADY_INVITED_MESSAGE.format(email="ann@example.com")]
    assert Invitation.objects.filter(revoked_at__isnull=True).count() == 1


def test_undoing_an_open_link_brings_back_the_link_but_none_of_its_ended_drafts(survey: Survey) -> None:
    invitation, token = invitation_create_open(survey=survey, roles=["engineer"])
    browser = Client()
    started = browser.post(start_url(token), {"role": "engineer"})
    personal = str(started["Location"].split("/")[2])
    invitation_revoke(invitation=invitation)
    escaped = escaped_open_link_draft(invitation)
    invitation_restore(invitation=invitation)
    assert not Response.objects.exists()
    assert Client().get(start_url(personal)).status_code == 404
    assert Client().get(start_url(escaped)).status_code == 404
    # The link itself works again: the same browser starts afresh.
    assert browser.post(start_url(token), {"role": "engineer"}).status_code == 302


def test_undo_changes_nothing_on_a_closed_survey(alice: User, survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1)
    invitation_revoke(invitation=invitation)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    client_for(alice).post(reverse("surveys:restore", args=[survey.pk, invitation.pk]))
    assert Invitation.objects.get().revoked_at is not None


def test_a_revoked_link_has_nothing_more_to_revoke(alice: User, survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1)
    invitation_revoke(invitation=invitation)
    revoked_at = Invitation.objects.get().revoked_at
    client = client_for(alice)
    assert client.get(reverse("surveys:revoke", args=[survey.pk, invitation.pk]))["Location"].endswith("/invitations/")
    client.post(reverse("surveys:revoke", args=[survey.pk, invitation.pk]))
    assert Invitation.objects.get().revoked_at == revoked_at


# Links shown once, after a redirect


def test_reloading_the_links_page_creates_nothing_and_shows_them_no_more(alice: User, survey: Survey) -> None:
    client = client_for(alice)
    posted = client.post(
        reverse("surveys:invite_links", args=[survey.pk]), {"links-role": "engineer", "links-count": "3"}
    )
    shown = client.get(posted["Location"])
    assert shown.content.decode().count("/s/") == 3
    reloaded = client.get(posted["Location"])
    assert reloaded.status_code == 200
    assert "/s/" not in reloaded.content.decode()
    assert "shown only once" in reloaded.content.decode()
    assert Invitation.objects.count() == 3


def test_the_links_wait_in_the_cache_not_in_the_session(alice: User, survey: Survey) -> None:
    client = client_for(alice)
    client.post(reverse("surveys:invite_links", args=[survey.pk]), {"links-role": "engineer", "links-count": "1"})
    session = dict(client.session.items())
    assert "/s/" not in str(session)


def test_another_browser_of_the_same_lead_sees_no_links(alice: User, survey: Survey) -> None:
    posted = client_for(alice).post(
        reverse("surveys:invite_links", args=[survey.pk]), {"links-role": "engineer", "links-count": "1"}
    )
    assert "/s/" not in client_for(alice).get(posted["Location"]).content.decode()


# The lead's message


def test_the_leads_message_goes_into_the_invitation_email_as_text(alice: User, survey: Survey) -> None:
    message = "Hi all,\nplease answer before the <b>offsite</b> & bring coffee."
    data = {"paste-lines": "ann@example.com, engineer", "paste-message": message}
    client_for(alice).post(reverse("surveys:invite_paste", args=[survey.pk]), data)
    email = OutgoingEmail.objects.get()
    assert message in email.body
    email_deliver(email_id=email.pk)
    sent = mail.outbox[0]
    assert message in sent.body
    assert not getattr(sent, "alternatives", [])


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ("nul\x00here", NULL_CHARACTER_MESSAGE.format(field=MESSAGE_FIELD)),
        ("x" * 1001, TOO_LONG_MESSAGE.format(field=MESSAGE_FIELD, limit=1000, length=1001)),
    ],
)
def test_it_refuses_a_bad_message_and_invites_nobody(alice: User, survey: Survey, message: str, problem: str) -> None:
    data = {"paste-lines": "ann@example.com, engineer", "paste-message": message}
    response = client_for(alice).post(reverse("surveys:invite_paste", args=[survey.pk]), data)
    assert response.status_code == 400
    assert html.escape(problem) in response.content.decode()
    assert not Invitation.objects.exists()
    assert not OutgoingEmail.objects.exists()


# Every error at once


def test_a_pasted_list_reports_every_wrong_line_at_once(alice: User, survey: Survey) -> None:
    lines = "\n".join(
        [
            "ok@example.com, engineer",
            "not-an-address, engineer",
            "bo@example.com, analyst",
            "ok@example.com, engineer",
            "x@example.com",
        ]
    )
    response = client_for(alice).post(reverse("surveys:invite_paste", args=[survey.pk]), {"paste-lines": lines})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    expected = [
        LINE_PROBLEM_MESSAGE.format(line=2, problem=EMAIL_INVALID_MESSAGE.format(email="not-an-address")),
        LINE_ROLE_MESSAGE.format(line=3, role="analyst", roles="")[:40],
        LINE_REPEATED_MESSAGE.format(line=4, email="ok@example.com", first=1),
        LINE_NO_ROLE_MESSAGE.format(line=5),
    ]
    for message in expected:
        assert message in page
    assert not Invitation.objects.exists()


def test_a_csv_reports_every_wrong_line_at_once(alice: User, survey: Survey) -> None:
    content = b"email,role\nok@example.com,engineer\nbad,engineer\nbo@example.com,analyst\nx@example.com\n"
    upload = SimpleUploadedFile("team.csv", content)
    response = client_for(alice).post(reverse("surveys:invite_upload", args=[survey.pk]), {"csv-file": upload})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    for line in (3, 4, 5):
        assert f"Line {line}:" in page
    assert "Line 2:" not in page
    assert not Invitation.objects.exists()


def test_addresses_already_invited_are_all_named(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com", "bo@example.com"])
    lines = "ann@example.com, engineer\nbo@example.com, engineer\ncy@example.com, engineer"
    response = client_for(alice).post(reverse("surveys:invite_paste", args=[survey.pk]), {"paste-lines": lines})
    page = html.unescape(response.content.decode())
    for email in ("ann@example.com", "bo@example.com"):
        assert ALREADY_INVITED_MESSAGE.format(email=email) in page
    assert Invitation.objects.count() == 2


# A closed survey


def test_a_closed_survey_shows_no_invitation_form_and_says_how_to_reopen(alice: User, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    page = invitations_page(client_for(alice), survey)
    for action in ("invite_paste", "invite_upload", "invite_links", "invite_open", "remind"):
        assert reverse(f"surveys:{action}", args=[survey.pk]) not in page
    assert "To invite more members, reopen it" in page
    assert reverse("surveys:detail", args=[survey.pk]) in page
