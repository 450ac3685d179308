"""The member's pages: intro, open links, drafts, submission and the links that open nothing."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from surveys.models import Invitation, Organization, Response, Survey
from surveys.pending_marks import Mark, pending_ids
from surveys.selectors.questionnaire import LAST_PAGE_TITLE
from surveys.services.invitations import invitation_revoke
from surveys.services.responses import (
    BLANK_SUBMISSION_MESSAGE,
    ROLE_NOT_OFFERED_MESSAGE,
    BlankSubmissionError,
    response_submit,
)
from surveys.tokens import respondent_key, token_new
from surveys.views.questionnaire import (
    BOOKMARK_MESSAGE,
    CONFIRM_BLANK_QUERY,
    LINK_CLOSED_MESSAGE,
    LINK_RATE_LIMIT,
    LINK_REVOKED_MESSAGE,
    LINK_UNKNOWN_MESSAGE,
    SUBMITTED_MESSAGE,
)
from tests.factories import make_survey
from tests.support.questionnaire import (
    answer_page,
    open_link,
    page_url,
    pages_of,
    personal_link,
    start_url,
    text_keys,
)


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, description="Where our churn work gets stuck.", anonymity_threshold=4)


def submit(client: Client, token: str, survey: Survey, role: str = "data_scientist") -> None:
    last = len(pages_of(survey, role).pages)
    response = client.post(page_url(token, last), {"action": "submit"})
    assert response.status_code == 302


def test_it_shows_the_intro_of_a_personal_link(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    page = Client().get(start_url(token))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Churn model" in text
    assert "Growth ML" in text
    assert "Where our churn work gets stuck." in text
    assert "at least 4 people of that role" in text
    assert f"It takes about {pages_of(survey).minutes} minutes" in text


def test_it_states_the_three_promises_of_privacy_before_the_member_starts(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    text = Client().get(start_url(token)).content.decode()
    assert "Nobody in your organization sees your answers." in text
    assert "Nobody can work out your answers by comparing two readings of the results." in text
    assert "Our database does not record which answers are yours." in text


def test_it_marks_a_personal_invitation_opened_for_the_hourly_batch_not_at_once(survey: Survey) -> None:
    invitation, token = personal_link(survey)
    Client().get(start_url(token))
    invitation.refresh_from_db()
    assert not invitation.opened
    assert pending_ids(mark=Mark.OPENED) == {invitation.pk}


def test_it_asks_an_open_link_visitor_for_the_role(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["data_scientist", "engineer"])
    page = Client().get(start_url(token))
    assert page.status_code == 200
    assert 'name="role" id="role_data_scientist"' in page.content.decode()
    assert 'id="role_engineer"' in page.content.decode()


def test_it_gives_an_open_link_visitor_a_personal_link_for_the_chosen_role(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["data_scientist", "engineer"])
    client = Client()
    response = client.post(start_url(token), {"role": "engineer"})
    assert response.status_code == 302
    personal_token = response["Location"].split("/")[2]
    assert personal_token != token
    draft = Response.objects.get(respondent_key=respondent_key(personal_token))
    assert (draft.role, draft.status) == ("engineer", Response.Status.DRAFT)
    assert escape(BOOKMARK_MESSAGE) in client.get(response["Location"]).content.decode()


def test_it_marks_an_open_link_visitors_response_as_coming_from_the_open_link(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    Client().post(start_url(token), {"role": "engineer"})
    assert Response.objects.get().source == Response.Source.OPEN_LINK


def test_it_builds_the_bookmark_link_from_the_site_address_not_the_host_header(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    client = Client(HTTP_HOST="localhost")
    personal_token = client.post(start_url(token), {"role": "engineer"})["Location"].split("/")[2]
    page = client.get(reverse("questionnaire:page", args=[personal_token, 1])).content.decode()
    assert f"{settings.SITE_URL}/s/{personal_token}/" in page
    assert "://localhost" not in page


def test_it_creates_no_invitation_for_an_open_link_visitor(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    Client().post(start_url(token), {"role": "engineer"})
    assert Invitation.objects.count() == 1


def test_it_refuses_a_role_the_open_link_does_not_serve(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["data_scientist", "engineer"])
    response = Client().post(start_url(token), {"role": "product_manager"})
    assert response.status_code == 400
    assert escape(ROLE_NOT_OFFERED_MESSAGE) in response.content.decode()
    assert not Response.objects.exists()


def test_it_saves_a_draft_and_shows_it_again_on_another_device(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    answer_page(Client(), token, questionnaire, 1, value="2")
    draft = Response.objects.get()
    assert draft.status == Response.Status.DRAFT
    assert set(draft.likert.values()) == {2}
    first_key = questionnaire.pages[0].questions[0].key
    page = Client().get(page_url(token, 1)).content.decode()
    assert f'id="{first_key}_2" value="2" checked' in page


def test_it_stores_dont_know_as_no_value(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    answer_page(Client(), token, questionnaire, 1, value="4")
    answer_page(Client(), token, questionnaire, 1, value="dk")
    assert Response.objects.get().likert == {}


def test_it_keeps_free_text_answers(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    [key, *_] = text_keys(questionnaire)
    last = len(questionnaire.pages)
    Client().post(page_url(token, last), {key: "  Nobody owns the pipeline. ", "action": "save"})
    assert Response.objects.get().text == {key: "Nobody owns the pipeline."}
    assert questionnaire.pages[-1].title == LAST_PAGE_TITLE


def test_it_goes_back_a_page_after_saving(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    response = Client().post(page_url(token, 2), {"action": "back"})
    assert response["Location"] == page_url(token, 1)


def test_it_submits_and_leaves_the_invitation_to_the_hourly_batch(survey: Survey) -> None:
    invitation, token = personal_link(survey)
    client = Client()
    answer_page(client, token, pages_of(survey), 1)
    submit(client, token, survey)
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    invitation.refresh_from_db()
    assert not invitation.submitted


def test_it_lets_a_member_change_answers_after_submitting(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    questionnaire = pages_of(survey)
    answer_page(client, token, questionnaire, 1, value="5")
    submit(client, token, survey)
    answer_page(client, token, questionnaire, 1, value="1")
    submit(client, token, survey)
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert set(response.likert.values()) == {1}


def test_it_tells_a_submitted_member_until_when_they_can_change_answers(acme: Organization) -> None:
    survey = make_survey(acme, closes_on=datetime.date(2999, 6, 30))
    _invitation, token = personal_link(survey)
    client = Client()
    answer_page(client, token, pages_of(survey), 1)
    submit(client, token, survey)
    page = client.get(f"/s/{token}/done/").content.decode()
    assert escape(SUBMITTED_MESSAGE.format(until="the end of 30 June 2999")) in page


def test_it_answers_404_for_an_unknown_link(db: None) -> None:
    response = Client().get(start_url(token_new()))
    assert response.status_code == 404
    assert escape(LINK_UNKNOWN_MESSAGE) in response.content.decode()


def test_it_answers_410_for_a_revoked_link(survey: Survey) -> None:
    invitation, token = personal_link(survey)
    invitation_revoke(invitation=invitation)
    response = Client().get(start_url(token))
    assert response.status_code == 410
    assert escape(LINK_REVOKED_MESSAGE) in response.content.decode()


def test_it_answers_410_for_a_closed_survey(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    response = Client().get(page_url(token, 1))
    assert response.status_code == 410
    assert escape(LINK_CLOSED_MESSAGE) in response.content.decode()


def test_it_answers_410_once_the_closing_date_has_passed(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    assert Client().get(start_url(token)).status_code == 410


def test_it_still_takes_answers_on_the_closing_date(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate())
    assert Client().get(start_url(token)).status_code == 200


def test_it_refuses_to_save_once_the_survey_closed(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    client.get(page_url(token, 1))
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    response = client.post(page_url(token, 1), {"action": "next"})
    assert response.status_code == 410
    assert not Response.objects.exists()


def test_it_shows_a_submitted_member_that_the_survey_closed(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    answer_page(client, token, pages_of(survey), 1)
    submit(client, token, survey)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    response = client.get(start_url(token))
    assert response.status_code == 410
    assert "are part of the results" in response.content.decode()


def test_it_answers_404_for_a_page_beyond_the_questionnaire(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    assert Client().get(page_url(token, len(pages_of(survey).pages) + 1)).status_code == 404


def test_it_keeps_an_open_link_out_of_the_questionnaire_pages(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    response = Client().post(page_url(token, 1), {"action": "next"})
    assert response["Location"] == start_url(token)
    assert not Response.objects.exists()


def test_it_orders_the_pages_by_category_then_comments(survey: Survey) -> None:
    titles = [page.title for page in pages_of(survey).pages]
    assert titles == ["Organization", "Context", "Practice", "Technical debt", LAST_PAGE_TITLE]


def test_it_limits_the_requests_to_links_from_one_address(db: None) -> None:
    client, path = Client(), start_url(token_new())
    statuses = [client.get(path).status_code for _ in range(LINK_RATE_LIMIT + 1)]
    assert statuses[:-1] == [404] * LINK_RATE_LIMIT
    assert statuses[-1] == 429


# Members who are not people: a submission without any statement answered


def test_it_asks_to_confirm_a_submission_without_any_statement_answered(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    last = len(pages_of(survey).pages)
    [text_key, *_] = text_keys(pages_of(survey))
    response = client.post(page_url(token, last), {text_key: "Only a comment", "action": "submit"})
    assert response["Location"] == f"{page_url(token, last)}?{CONFIRM_BLANK_QUERY}"
    assert escape(BLANK_SUBMISSION_MESSAGE) in client.get(response["Location"]).content.decode()
    draft = Response.objects.get()
    assert (draft.status, draft.text) == (Response.Status.DRAFT, {text_key: "Only a comment"})


def test_it_submits_a_blank_response_once_the_member_confirms(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    last = len(pages_of(survey).pages)
    response = Client().post(page_url(token, last), {"action": "submit_blank"})
    assert response["Location"].endswith("/done/")
    assert Response.objects.get().status == Response.Status.SUBMITTED


def test_it_does_not_ask_to_confirm_once_a_statement_is_answered(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    answer_page(client, token, pages_of(survey), 1)
    submit(client, token, survey)
    assert Response.objects.get().status == Response.Status.SUBMITTED


def test_the_service_refuses_an_unconfirmed_blank_submission(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    with pytest.raises(BlankSubmissionError, match=BLANK_SUBMISSION_MESSAGE):
        response_submit(token=token)
    assert not Response.objects.filter(status=Response.Status.SUBMITTED).exists()


def test_it_refuses_a_confirmation_posted_from_a_page_other_than_the_last(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    response = Client().post(page_url(token, 1), {"action": "submit_blank"})
    assert response.status_code == 400
    assert not Response.objects.exists()
