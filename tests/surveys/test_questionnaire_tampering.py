"""Posts a questionnaire page could not have sent: a 400 with a sentence, and nothing stored."""

import pytest
from django.test import Client
from django.utils.html import escape

from config.csrf import CSRF_FAILURE_MESSAGE
from surveys.forms.questionnaire import (
    DUPLICATE_FIELD_MESSAGE,
    UNKNOWN_ACTION_MESSAGE,
    UNKNOWN_QUESTION_MESSAGE,
    VALUE_OUT_OF_RANGE_MESSAGE,
)
from surveys.models import Organization, Response, Survey
from surveys.services.responses import TEXT_NULL_CHARACTER_MESSAGE, TEXT_TOO_LONG_MESSAGE
from tests.factories import make_survey
from tests.support.questionnaire import answer_page, likert_keys, page_url, pages_of, personal_link, text_keys


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


@pytest.fixture
def token(survey: Survey) -> str:
    return personal_link(survey, "data_scientist")[1]


def post(token: str, number: int, body: str) -> tuple[int, str]:
    response = Client().post(page_url(token, number), body, content_type="application/x-www-form-urlencoded")
    return response.status_code, response.content.decode()


def assert_refused(result: tuple[int, str], message: str) -> None:
    status, content = result
    assert status == 400
    assert escape(message) in content
    assert not Response.objects.exists()


def test_it_refuses_an_unknown_question(token: str) -> None:
    assert_refused(post(token, 1, "no_such_question=4&action=next"), UNKNOWN_QUESTION_MESSAGE)


def test_it_refuses_a_question_of_another_role(survey: Survey, token: str) -> None:
    engineer_key = likert_keys(pages_of(survey, "engineer"), 1)[0]
    assert_refused(post(token, 1, f"{engineer_key}=4&action=next"), UNKNOWN_QUESTION_MESSAGE)


def test_it_refuses_a_question_of_another_page(survey: Survey, token: str) -> None:
    key = likert_keys(pages_of(survey), 2)[0]
    assert_refused(post(token, 1, f"{key}=4&action=next"), UNKNOWN_QUESTION_MESSAGE)


@pytest.mark.parametrize("value", ["0", "6", "agree", "2.5", "", "4 "])
def test_it_refuses_a_value_out_of_range(survey: Survey, token: str, value: str) -> None:
    key = likert_keys(pages_of(survey), 1)[0]
    assert_refused(post(token, 1, f"{key}={value}&action=next"), VALUE_OUT_OF_RANGE_MESSAGE)


def test_it_refuses_the_same_question_twice(survey: Survey, token: str) -> None:
    key = likert_keys(pages_of(survey), 1)[0]
    assert_refused(post(token, 1, f"{key}=4&{key}=2&action=next"), DUPLICATE_FIELD_MESSAGE)


def test_it_refuses_a_100_kb_text(survey: Survey, token: str) -> None:
    questionnaire = pages_of(survey)
    key = text_keys(questionnaire)[0]
    body = f"{key}={'x' * 100_000}&action=save"
    assert_refused(post(token, len(questionnaire.pages), body), TEXT_TOO_LONG_MESSAGE)


def test_it_refuses_a_text_with_a_null_character(survey: Survey, token: str) -> None:
    questionnaire = pages_of(survey)
    key = text_keys(questionnaire)[0]
    body = f"{key}=a%00b&action=save"
    assert_refused(post(token, len(questionnaire.pages), body), TEXT_NULL_CHARACTER_MESSAGE)


def test_it_takes_a_text_of_exactly_the_maximum_length_with_line_breaks(survey: Survey, token: str) -> None:
    questionnaire = pages_of(survey)
    key = text_keys(questionnaire)[0]
    # 2,500 line breaks sent as CRLF count as 5,000 characters, as the browser counted them.
    status, _content = post(token, len(questionnaire.pages), f"{key}={'a%0D%0A' * 2500}&action=save")
    assert status == 302


def test_it_refuses_an_unknown_button(token: str) -> None:
    assert_refused(post(token, 1, "action=delete"), UNKNOWN_ACTION_MESSAGE)


def test_it_refuses_a_submit_from_a_page_before_the_review(token: str) -> None:
    assert_refused(post(token, 1, "action=submit"), UNKNOWN_ACTION_MESSAGE)


def test_it_refuses_a_post_without_a_csrf_token(survey: Survey, token: str) -> None:
    key = likert_keys(pages_of(survey), 1)[0]
    response = Client(enforce_csrf_checks=True).post(page_url(token, 1), {key: "4", "action": "next"})
    assert response.status_code == 400
    assert escape(CSRF_FAILURE_MESSAGE) in response.content.decode()
    assert not Response.objects.exists()


def test_it_leaves_a_saved_draft_untouched_by_a_tampered_post(survey: Survey, token: str) -> None:
    questionnaire = pages_of(survey)
    answer_page(Client(), token, questionnaire, 1, value="3")
    before = Response.objects.get().likert
    key = likert_keys(questionnaire, 1)[0]
    status, _content = post(token, 1, f"{key}=5&no_such_question=1&action=next")
    assert status == 400
    assert Response.objects.get().likert == before
