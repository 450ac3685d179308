"""Open links against members who are not people: one response per browser, a limit per
address, and revoking ends the drafts started from them (privacy.md)."""

import pytest
from django.test import Client
from django.utils.html import escape

from surveys.models import Organization, Response, Survey
from surveys.ratelimit import RATE_LIMITED_MESSAGE
from surveys.services.invitations import invitation_revoke
from surveys.services.responses import response_submit
from surveys.tokens import respondent_key
from surveys.views.questionnaire import LINK_REVOKED_MESSAGE, MEMBER_COOKIE_PREFIX, OPEN_LINK_STARTS_PER_HOUR
from tests.factories import make_survey
from tests.support.questionnaire import (
    answer_page,
    escaped_open_link_draft,
    open_link,
    pages_of,
    personal_link,
    start_url,
)


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def start(client: Client, token: str, role: str = "engineer") -> str:
    """Choose a role on the open link; returns the personal token handed out."""
    response = client.post(start_url(token), {"role": role})
    assert response.status_code == 302, response.content.decode()[:300]
    return str(response["Location"].split("/")[2])


def test_a_second_visit_of_the_open_link_in_the_same_browser_goes_back_to_the_member_s_link(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    browser = Client()
    personal = start(browser, token)
    assert browser.get(start_url(token))["Location"] == start_url(personal)
    assert browser.post(start_url(token), {"role": "engineer"})["Location"] == start_url(personal)
    assert Response.objects.count() == 1


def test_the_cookie_holds_the_member_s_own_link_for_member_pages_only(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    browser = Client()
    personal = start(browser, token)
    cookie = browser.cookies[f"{MEMBER_COOKIE_PREFIX}{survey.pk}"]
    assert (cookie.value, cookie["path"], cookie["httponly"]) == (personal, "/s/", True)


def test_another_browser_gets_a_response_of_its_own(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    assert start(Client(), token) != start(Client(), token)
    assert Response.objects.count() == 2


def test_a_cookie_naming_some_other_link_starts_a_new_response(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    _personal_invitation, personal_token = personal_link(survey, "engineer")
    browser = Client()
    # A personal invitation's link is not one an open link handed out: it is not followed.
    browser.cookies[f"{MEMBER_COOKIE_PREFIX}{survey.pk}"] = personal_token
    assert start(browser, token) != personal_token


def test_an_address_may_start_only_so_many_responses_an_hour(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    for _ in range(OPEN_LINK_STARTS_PER_HOUR):
        start(Client(), token)
    refused = Client().post(start_url(token), {"role": "engineer"})
    assert refused.status_code == 429
    assert escape(RATE_LIMITED_MESSAGE) in refused.content.decode()
    assert Response.objects.count() == OPEN_LINK_STARTS_PER_HOUR


def test_revoking_an_open_link_ends_its_unsubmitted_drafts_only(survey: Survey) -> None:
    invitation, token = open_link(survey, ["engineer"])
    _other, other_token = open_link(survey, ["engineer"])
    _personal, personal_token = personal_link(survey, "engineer")
    draft, submitted, elsewhere = start(Client(), token), start(Client(), token), start(Client(), other_token)
    answer_page(Client(), submitted, pages_of(survey, "engineer"), 1)
    response_submit(token=submitted)
    answer_page(Client(), personal_token, pages_of(survey, "engineer"), 1)
    invitation_revoke(invitation=invitation)
    kept = {respondent_key(t) for t in (submitted, elsewhere, personal_token)}
    assert set(Response.objects.values_list("respondent_key", flat=True)) == kept
    assert Client().get(start_url(draft)).status_code == 404


def test_a_draft_of_a_revoked_open_link_takes_no_answers_even_if_it_escaped_deletion(survey: Survey) -> None:
    invitation, _token = open_link(survey, ["engineer"])
    invitation_revoke(invitation=invitation)
    draft = escaped_open_link_draft(invitation)
    page = Client().get(start_url(draft))
    assert page.status_code == 410
    assert escape(LINK_REVOKED_MESSAGE) in page.content.decode()


def test_a_submitted_response_keeps_nothing_of_its_open_link(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    personal = start(Client(), token)
    assert Response.objects.get().open_link_key
    answer_page(Client(), personal, pages_of(survey, "engineer"), 1)
    response_submit(token=personal)
    assert Response.objects.get().open_link_key == ""
