"""Issue 13's member: resume where the member left, one length everywhere, "Don't know" is an answer."""

import re

import pytest
from django.test import Client

from outbox.models import OutgoingEmail
from surveys.models import Organization, Response, Survey
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.questionnaire import answer_page, likert_keys, page_url, pages_of, personal_link, start_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def continue_target(client: Client, token: str) -> str:
    text = client.get(start_url(token)).content.decode()
    [href] = re.findall(r'href="([^"]+)"[^>]*>(?:Start|Continue|Change my answers)</a>', text)
    return href


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_new_member_starts_on_the_first_page(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    assert continue_target(Client(), token) == page_url(token, 1)


def test_continue_leads_to_the_first_page_with_an_unanswered_statement(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client, questionnaire = Client(), pages_of(survey)
    answer_page(client, token, questionnaire, 1)
    answer_page(client, token, questionnaire, 2)
    assert continue_target(client, token) == page_url(token, 3)


def test_continue_skips_a_page_answered_elsewhere_and_returns_to_a_gap(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client, questionnaire = Client(), pages_of(survey)
    answer_page(client, token, questionnaire, 2)
    assert continue_target(client, token) == page_url(token, 1)
    # One statement of page 1 left out: page 1 still has a gap.
    data = dict.fromkeys(likert_keys(questionnaire, 1)[1:], "2") | {"action": "next"}
    client.post(page_url(token, 1), data)
    assert continue_target(client, token) == page_url(token, 1)


def test_continue_leads_to_the_last_page_once_every_statement_is_answered(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client, questionnaire = Client(), pages_of(survey)
    for number in range(1, questionnaire.page_count):
        answer_page(client, token, questionnaire, number, value="dk")
    assert continue_target(client, token) == page_url(token, questionnaire.page_count)


def test_dont_know_counts_as_an_answer_in_the_review_and_is_shown_again(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client, questionnaire = Client(), pages_of(survey)
    answer_page(client, token, questionnaire, 1, value="dk")
    first_page = len(likert_keys(questionnaire, 1))
    review = text_of(client.get(page_url(token, questionnaire.page_count)).content.decode())
    assert f"You have answered {first_page} of {questionnaire.likert_count} statements" in review
    assert f"{first_page} of {first_page} answered" in review
    page = client.get(page_url(token, 1)).content.decode()
    [key, *_rest] = likert_keys(questionnaire, 1)
    assert re.search(rf'id="{key}_dk" value="dk" checked', page)


def test_dont_know_is_still_no_answer_to_scoring(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client, questionnaire = Client(), pages_of(survey)
    answer_page(client, token, questionnaire, 1, value="dk")
    response = Response.objects.get()
    assert response.likert == {}
    assert set(response.dont_know) == set(likert_keys(questionnaire, 1))


def test_an_answer_replaces_dont_know_and_dont_know_replaces_an_answer(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client, questionnaire = Client(), pages_of(survey)
    [key, *_rest] = likert_keys(questionnaire, 1)
    client.post(page_url(token, 1), {key: "dk", "action": "save"})
    client.post(page_url(token, 1), {key: "4", "action": "save"})
    response = Response.objects.get()
    assert (response.likert, response.dont_know) == ({key: 4}, [])
    client.post(page_url(token, 1), {key: "dk", "action": "save"})
    response.refresh_from_db()
    assert (response.likert, response.dont_know) == ({}, [key])


def test_only_dont_know_still_asks_to_confirm_a_blank_submission(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client, questionnaire = Client(), pages_of(survey)
    answer_page(client, token, questionnaire, 1, value="dk")
    submitted = client.post(page_url(token, questionnaire.page_count), {"action": "submit"})
    assert submitted["Location"].endswith("?confirm=blank")
    assert Response.objects.get().status == Response.Status.DRAFT


def test_the_intro_the_email_and_the_pages_give_the_same_length(survey: Survey) -> None:
    [(_invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    questionnaire = pages_of(survey, "engineer")
    intro = Client().get(start_url(token)).content.decode()
    email = OutgoingEmail.objects.get().body
    page = Client().get(page_url(token, 1)).content.decode()
    assert f"It takes {questionnaire.length_text}." in intro
    assert f"It takes {questionnaire.length_text}." in email
    assert f"{questionnaire.page_count} pages" in questionnaire.length_text
    assert f"Page 1 of {questionnaire.page_count}" in page
    assert f"{questionnaire.minutes} minutes" in questionnaire.length_text
