"""Results back to the team: the lead's "Share with the team", its e-mail, and the read-only team view.

alice owns Acme and its survey, bob leads in Acme, victor views Acme, charlie owns Globex.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.logging import is_member_path, redact_secrets
from outbox.models import OutgoingEmail
from reports.forms import TeamShareForm
from reports.models import TeamShare
from reports.selectors import survey_discussion_questions, survey_modes
from reports.sharing import SHARE_DAYS_MAX, SHARE_LINK_SALT, signed_link_token
from reports.team_share_views import (
    TEAM_SHARE_NOTHING_TO_REVOKE,
    TEAM_SHARE_REVOKED_MESSAGE,
    TEAM_SHARE_SENT_MESSAGE,
    TEAM_VIEW_EXPIRED,
    TEAM_VIEW_REVOKED,
    TEAM_VIEW_UNKNOWN,
)
from reports.team_sharing import (
    TEAM_SHARE_EXPIRY_PAST,
    TEAM_SHARE_EXPIRY_TOO_FAR,
    TEAM_SHARE_NOBODY,
    TEAM_SHARE_NOTHING_PUBLISHED,
    TEAM_SHARE_SUBJECT,
    team_share_send,
    team_share_token,
)
from surveys.models import Invitation, Organization, Survey
from surveys.services.invitations import invitation_revoke, invitations_create_personal
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.actions import make_action
from tests.support.answers import answers_at_risk
from tests.support.published import publish

DS, ENG = "data_scientist", "engineer"
ADDRESSES = {
    DS: ["dana@example.com", "dev@example.com", "dora@example.com"],
    ENG: ["eli@example.com", "eva@example.com"],
}
COMMENT = "We ship models nobody asked for."


@pytest.fixture
def survey(acme: Organization, alice: User) -> Survey:
    """A round with five e-mailed invitations, data scientists at risk, engineers healthy: misaligned."""
    survey = make_survey(acme, roles=[DS, ENG], created_by=alice)
    for role, emails in ADDRESSES.items():
        invitations_create_personal(survey=survey, role=role, emails=emails)
    answers_at_risk(survey, DS, 3, text=COMMENT, risk_value=1)
    answers_at_risk(survey, ENG, 3, risk_value=5)
    return survey


@pytest.fixture
def published(survey: Survey) -> Survey:
    publish(survey)
    return survey


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _send(client: Client, survey: Survey, expires_on: object) -> None:
    client.post(reverse("scores:team_share_send", args=[survey.pk]), {"expires_on": str(expires_on)})


def _shared(survey: Survey, alice: User, days: int = 14) -> TeamShare:
    return team_share_send(survey=survey, sent_by=alice, expires_on=_in(days))


def _team_emails() -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(subject__startswith=TEAM_SHARE_SUBJECT.format(title="")))


def _state() -> tuple[object, ...]:
    return (list(TeamShare.objects.values()), OutgoingEmail.objects.count())


def _messages(page: str) -> str:
    return page.replace("&#x27;", "'").replace("&quot;", '"')


def _link_in(body: str) -> str:
    [path] = re.findall(r"https?://[^/\s]+(/t/\S+/)", body)
    return path


def _view(share: TeamShare) -> str:
    return reverse("team_view:read", args=[team_share_token(share=share)])


# --- Sending -----------------------------------------------------------------------------------


def test_it_emails_one_link_to_every_invited_address(alice: User, published: Survey) -> None:
    response = client_for(alice).post(
        reverse("scores:team_share_send", args=[published.pk]), {"expires_on": str(_in(14))}, follow=True
    )

    emails = _team_emails()
    assert sorted(email.to for email in emails) == sorted(ADDRESSES[DS] + ADDRESSES[ENG])
    share = TeamShare.objects.get()
    assert share.expires_on == _in(14)
    assert share.sent_to == 5
    assert TEAM_SHARE_SENT_MESSAGE.format(count=5, addresses="addresses") in response.content.decode()


def test_the_link_names_nobody_every_e_mail_is_the_same(alice: User, published: Survey) -> None:
    share = _shared(published, alice)

    bodies = {email.body for email in _team_emails()}
    assert len(bodies) == 1
    [body] = bodies
    assert _view(share) in body
    assert not any(address in body for address in ADDRESSES[DS] + ADDRESSES[ENG])


def test_it_sends_nothing_to_a_revoked_invitation(alice: User, published: Survey) -> None:
    invitation_revoke(invitation=Invitation.objects.get(email="eva@example.com"))

    _shared(published, alice)

    assert "eva@example.com" not in {email.to for email in _team_emails()}
    assert len(_team_emails()) == 4


def test_sending_again_sends_the_same_link_with_the_new_day(alice: User, published: Survey) -> None:
    first = _shared(published, alice, days=7)
    invitations_create_personal(survey=published, role=ENG, emails=["fay@example.com"])

    again = _shared(published, alice, days=30)

    assert again.pk == first.pk
    assert TeamShare.objects.count() == 1
    assert again.expires_on == _in(30)
    assert {_link_in(email.body) for email in _team_emails()} == {_view(first)}
    assert [email.to for email in _team_emails()].count("fay@example.com") == 1
    assert len(_team_emails()) == 5 + 6


def test_sharing_after_a_revocation_makes_a_new_link(alice: User, published: Survey) -> None:
    first = _shared(published, alice)
    client_for(alice).post(reverse("scores:team_share_revoke", args=[published.pk]))

    second = _shared(published, alice)

    assert second.pk != first.pk
    assert Client().get(_view(first)).status_code == 410
    assert Client().get(_view(second)).status_code == 200


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [
        (_in(-1), TEAM_SHARE_EXPIRY_PAST),
        (_in(SHARE_DAYS_MAX + 1), TEAM_SHARE_EXPIRY_TOO_FAR),
        ("", TeamShareForm.base_fields["expires_on"].error_messages["required"]),
        ("next friday", TeamShareForm.base_fields["expires_on"].error_messages["invalid"]),
    ],
)
def test_wrong_days_are_refused_and_change_nothing(
    alice: User, published: Survey, expires_on: object, message: str
) -> None:
    before = _state()

    response = client_for(alice).post(
        reverse("scores:team_share_send", args=[published.pk]), {"expires_on": str(expires_on)}, follow=True
    )

    assert message in _messages(response.content.decode())
    assert _state() == before


def test_nothing_is_shared_before_results_are_published(alice: User, survey: Survey) -> None:
    before = _state()

    response = client_for(alice).post(
        reverse("scores:team_share_send", args=[survey.pk]), {"expires_on": str(_in(14))}, follow=True
    )

    assert TEAM_SHARE_NOTHING_PUBLISHED in _messages(response.content.decode())
    assert _state() == before


def test_nothing_is_shared_when_no_invitation_has_an_address(acme: Organization, alice: User) -> None:
    survey = make_survey(acme, roles=[DS], created_by=alice)
    invitations_create_personal(survey=survey, role=DS, count=3)
    answers_at_risk(survey, DS, 3)
    publish(survey)
    before = _state()

    response = client_for(alice).post(
        reverse("scores:team_share_send", args=[survey.pk]), {"expires_on": str(_in(14))}, follow=True
    )

    assert TEAM_SHARE_NOBODY in _messages(response.content.decode())
    assert _state() == before


@pytest.mark.parametrize("who", ["victor", "charlie"])
@pytest.mark.parametrize("name", ["team_share_send", "team_share_revoke"])
def test_only_a_lead_of_the_organization_shares_or_revokes(
    request: pytest.FixtureRequest, alice: User, published: Survey, who: str, name: str
) -> None:
    _shared(published, alice)
    before = _state()

    response = client_for(request.getfixturevalue(who)).post(
        reverse(f"scores:{name}", args=[published.pk]), {"expires_on": str(_in(20))}
    )

    assert response.status_code == 404
    assert _state() == before


def test_the_lead_sees_the_link_and_its_state(alice: User, published: Survey) -> None:
    client = client_for(alice)
    url = reverse("scores:team_share", args=[published.pk])
    assert "Not shared yet" in client.get(url).content.decode()

    share = _shared(published, alice)
    page = client.get(url).content.decode()
    assert f"Live until the end of {share.expires_on:%d %B %Y}".replace(" 0", " ") in page
    assert _view(share) in page

    response = client.post(reverse("scores:team_share_revoke", args=[published.pk]), follow=True)
    page = response.content.decode()
    assert TEAM_SHARE_REVOKED_MESSAGE in page
    assert "was revoked on" in page
    assert _view(share) not in page


# --- The team view -----------------------------------------------------------------------------


def test_the_team_view_shows_the_published_results_to_anyone_with_the_link(alice: User, published: Survey) -> None:
    share = _shared(published, alice)

    response = Client().get(_view(share))

    page = response.content.decode()
    assert response.status_code == 200
    assert published.title in page
    assert "Health index" in page or "health index" in page
    assert COMMENT in page
    assert "Questions to talk through" in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_team_view_has_no_form_and_refuses_a_post(alice: User, published: Survey) -> None:
    share = _shared(published, alice)
    before = _state()

    page = Client().get(_view(share)).content.decode()
    posted = Client().post(_view(share), {"expires_on": str(_in(1))})

    assert "<form" not in page
    assert "<input" not in page
    assert "<button" not in page
    assert posted.status_code == 405
    assert _state() == before


def test_a_response_submitted_after_publication_changes_nothing(alice: User, published: Survey) -> None:
    share = _shared(published, alice)
    before = Client().get(_view(share)).content.decode()

    answers_at_risk(published, ENG, 3, text="A comment written after the results.", risk_value=1)

    after = Client().get(_view(share)).content.decode()
    assert after == before


@pytest.mark.parametrize(
    ("end", "status", "message"),
    [("revoke", 410, TEAM_VIEW_REVOKED), ("expire", 410, TEAM_VIEW_EXPIRED.split("{day}")[0])],
)
def test_the_team_view_dies_when_revoked_or_expired(
    alice: User, published: Survey, end: str, status: int, message: str
) -> None:
    share = _shared(published, alice)
    if end == "revoke":
        client_for(alice).post(reverse("scores:team_share_revoke", args=[published.pk]))
    else:
        TeamShare.objects.filter(pk=share.pk).update(expires_on=_in(-1))

    response = Client().get(_view(share))

    page = _messages(response.content.decode())
    assert response.status_code == status
    assert message in page
    assert published.title not in page
    assert COMMENT not in page


def test_the_link_works_through_its_last_day(alice: User, published: Survey) -> None:
    share = _shared(published, alice, days=0)

    assert Client().get(_view(share)).status_code == 200


@pytest.mark.parametrize("kind", ["tampered", "report share token", "garbage"])
def test_a_token_that_was_not_issued_opens_nothing(alice: User, published: Survey, kind: str) -> None:
    share = _shared(published, alice)
    token = team_share_token(share=share)
    tokens = {
        "tampered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "report share token": signed_link_token(salt=SHARE_LINK_SALT, pk=share.pk),
        "garbage": "not-a-token",
    }

    response = Client().get(reverse("team_view:read", args=[tokens[kind]]))

    assert response.status_code == 404
    assert TEAM_VIEW_UNKNOWN in _messages(response.content.decode())


def test_the_team_view_costs_a_fixed_number_of_queries(acme: Organization, alice: User, published: Survey) -> None:
    share = _shared(published, alice)
    with CaptureQueriesContext(connection) as small:
        Client().get(_view(share))

    bigger = make_survey(acme, title="Bigger", team="Platform", roles=[DS, ENG], created_by=alice)
    invitations_create_personal(survey=bigger, role=DS, emails=["zed@example.com"])
    answers_at_risk(bigger, DS, 40, text="Many words.", risk_value=2)
    answers_at_risk(bigger, ENG, 40, text="Other words.", risk_value=4)
    publish(bigger)
    bigger_share = _shared(bigger, alice)
    with CaptureQueriesContext(connection) as large:
        Client().get(_view(bigger_share))

    assert len(large) == len(small)
    assert len(small) <= 12


def test_the_link_stays_out_of_the_logs_with_no_client_address(alice: User, published: Survey) -> None:
    share = _shared(published, alice)
    token = team_share_token(share=share)

    line = redact_secrets(f'GET {_view(share)} 200 "-" "Mozilla/5.0"')

    assert token not in line
    assert is_member_path(_view(share))
    assert re.search(r"/t/\[redacted\]/", line)


def test_the_team_view_lists_the_round_s_actions_read_only(alice: User, published: Survey) -> None:
    make_action(published, what="Show each model to its users before building it", owner_name="Dana")
    other = make_survey(published.organization, title="Another team's round", team="Platform")
    publish(other)
    make_action(other, what="An action of another team")
    share = _shared(published, alice)

    page = _messages(Client().get(_view(share)).content.decode())

    assert "Show each model to its users before building it" in page
    assert "An action of another team" not in page
    assert "/actions/" not in page


def test_the_discussion_guide_asks_the_bank_s_questions_of_a_misaligned_mode(alice: User, published: Survey) -> None:
    share = _shared(published, alice)
    [shelfware] = [mode for mode in survey_modes(survey=published) if mode.key == "shelfware"]
    questions = survey_discussion_questions(survey=published)["shelfware"]

    page = _messages(Client().get(_view(share)).content.decode())

    assert 2 <= len(questions) <= 3
    assert f'id="discuss-shelfware">{shelfware.title}' in page
    assert all(question in page for question in questions)


def test_revoking_when_no_link_is_live_says_so_and_changes_nothing(alice: User, published: Survey) -> None:
    before = _state()

    response = client_for(alice).post(reverse("scores:team_share_revoke", args=[published.pk]), follow=True)

    assert TEAM_SHARE_NOTHING_TO_REVOKE in _messages(response.content.decode())
    assert _state() == before
