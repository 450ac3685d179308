"""Saving and submitting answers: one response per link, nothing lost, a fixed number of queries."""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from surveys.models import BankMode, BankQuestion, BankRole, Organization, QuestionBank, Response, Survey
from surveys.selectors.questionnaire import LinkClosedError, LinkUnknownError
from surveys.services.responses import (
    QUESTION_NOT_IN_ROLE_MESSAGE,
    TEXT_NULL_CHARACTER_MESSAGE,
    VALUE_OUT_OF_RANGE_MESSAGE,
    response_save_page,
    response_submit,
)
from surveys.tokens import token_new
from tests.factories import make_survey
from tests.support.questionnaire import answer_page, likert_keys, page_url, pages_of, personal_link, text_keys


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def test_it_creates_a_draft_on_the_first_save(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    key = likert_keys(pages_of(survey), 1)[0]
    response = response_save_page(token=token, answers={key: 4}, texts={})
    assert (response.status, response.likert, response.role) == (Response.Status.DRAFT, {key: 4}, "data_scientist")


def test_it_keeps_answers_not_given_in_a_later_save(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    first, second = likert_keys(pages_of(survey), 1)[:2]
    response_save_page(token=token, answers={first: 4}, texts={})
    response = response_save_page(token=token, answers={second: 2}, texts={})
    assert response.likert == {first: 4, second: 2}


def test_it_removes_an_answer_changed_to_dont_know(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    key = likert_keys(pages_of(survey), 1)[0]
    response_save_page(token=token, answers={key: 4}, texts={})
    assert response_save_page(token=token, answers={key: None}, texts={}).likert == {}


def test_it_refuses_a_question_of_another_role(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    key = likert_keys(pages_of(survey, "engineer"), 1)[0]
    with pytest.raises(ValidationError, match=QUESTION_NOT_IN_ROLE_MESSAGE.format(key=key)):
        response_save_page(token=token, answers={key: 4}, texts={})
    assert not Response.objects.exists()


def test_it_refuses_a_text_question_given_as_a_likert_answer(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    key = text_keys(pages_of(survey))[0]
    with pytest.raises(ValidationError):
        response_save_page(token=token, answers={key: 4}, texts={})


@pytest.mark.parametrize("value", [0, 6, 2.5, 3.0, True, "4"])
def test_it_refuses_a_value_that_is_not_a_whole_number_from_1_to_5(survey: Survey, value: object) -> None:
    _invitation, token = personal_link(survey)
    key = likert_keys(pages_of(survey), 1)[0]
    with pytest.raises(ValidationError, match=VALUE_OUT_OF_RANGE_MESSAGE.format(key=key)):
        response_save_page(token=token, answers={key: value}, texts={})  # type: ignore[dict-item]


def test_it_refuses_a_text_with_a_null_character(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    key = text_keys(pages_of(survey))[0]
    with pytest.raises(ValidationError, match=TEXT_NULL_CHARACTER_MESSAGE):
        response_save_page(token=token, answers={}, texts={key: "a\x00b"})
    assert not Response.objects.exists()


def test_it_refuses_an_unknown_token(db: None) -> None:
    with pytest.raises(LinkUnknownError):
        response_submit(token=token_new())


def test_it_refuses_to_submit_to_a_closed_survey(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    with pytest.raises(LinkClosedError):
        response_submit(token=token)


def test_it_keeps_one_submitted_response_when_submitted_twice(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    first = response_submit(token=token, blank_confirmed=True)
    second = response_submit(token=token, blank_confirmed=True)
    assert (second.pk, Response.objects.get().status) == (first.pk, Response.Status.SUBMITTED)


def test_it_keeps_one_response_for_two_tabs_and_a_double_click(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    first_tab, second_tab = Client(), Client()
    answer_page(first_tab, token, questionnaire, 1, value="2")
    answer_page(second_tab, token, questionnaire, 2, value="5")
    last = page_url(token, len(questionnaire.pages))
    first_tab.post(last, {"action": "submit"})
    second_tab.post(last, {"action": "submit"})
    response = Response.objects.get()
    expected = dict.fromkeys(likert_keys(questionnaire, 1), 2) | dict.fromkeys(likert_keys(questionnaire, 2), 5)
    assert (response.status, response.likert) == (Response.Status.SUBMITTED, expected)


def run_at_once(actions: list[Callable[[], object]]) -> list[BaseException]:
    """Start the actions in threads released together; each thread has its own connection."""
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[], None]) -> None:
        try:
            barrier.wait()
            action()
        except BaseException as error:  # The test reports whatever a thread raised.
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_answer_of_concurrent_saves_and_submits(acme: Organization) -> None:
    survey = make_survey(acme)
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    pages = [likert_keys(questionnaire, number) for number in range(1, len(questionnaire.pages))]

    def save(keys: list[str]) -> Callable[[], object]:
        return lambda: response_save_page(token=token, answers=dict.fromkeys(keys, 3), texts={})

    def submit() -> None:
        response_submit(token=token, blank_confirmed=True)

    errors = run_at_once([save(keys) for keys in pages] + [submit, submit])
    assert errors == []
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.likert == {key: 3 for keys in pages for key in keys}


def bank_trimmed(survey: Survey) -> QuestionBank:
    """A copy of the survey's bank keeping one question per mode and role: a much smaller questionnaire."""
    source = survey.bank
    bank = QuestionBank.objects.create(version=900, name="Trimmed", content_hash="-")
    BankRole.objects.bulk_create(
        BankRole(bank=bank, key=r.key, title=r.title, description=r.description, position=r.position)
        for r in source.roles.all()
    )
    BankMode.objects.bulk_create(
        BankMode(
            bank=bank, key=m.key, title=m.title, category=m.category, description="", source="", position=m.position
        )
        for m in source.modes.all()
    )
    kept: dict[tuple[str, str, str], BankQuestion] = {}
    for q in source.questions.all():
        kept.setdefault((q.role, q.mode, q.kind), q)
    BankQuestion.objects.bulk_create(
        BankQuestion(
            bank=bank,
            key=q.key,
            role=q.role,
            mode=q.mode,
            kind=q.kind,
            polarity=q.polarity,
            text=q.text,
            position=q.position,
        )
        for q in kept.values()
    )
    return bank


def queries_of_a_member(survey: Survey) -> list[int]:
    """Queries of: the intro, a page, its save, the last page and the submit."""
    _invitation, token = personal_link(survey)
    questionnaire = pages_of(survey)
    last = len(questionnaire.pages)
    client = Client()
    # A returning member: the link was opened once and a draft exists.
    client.get(page_url(token, 1))
    answer_page(client, token, questionnaire, 1)
    counts = []
    requests: list[Callable[[], object]] = [
        lambda: client.get(f"/s/{token}/"),
        lambda: client.get(page_url(token, 1)),
        lambda: client.post(page_url(token, 1), dict.fromkeys(likert_keys(questionnaire, 1), "4")),
        lambda: client.get(page_url(token, last)),
        lambda: client.post(page_url(token, last), {"action": "submit"}),
    ]
    for request in requests:
        with CaptureQueriesContext(connection) as queries:
            request()
        counts.append(len(queries))
    return counts


def test_it_costs_the_same_queries_whatever_the_number_of_questions(survey: Survey, acme: Organization) -> None:
    small = make_survey(acme, title="Small")
    Survey.objects.filter(pk=small.pk).update(bank=bank_trimmed(survey))
    small.refresh_from_db()
    assert len(likert_keys(pages_of(survey), 1)) > len(likert_keys(pages_of(small), 1))
    assert queries_of_a_member(survey) == queries_of_a_member(small)
