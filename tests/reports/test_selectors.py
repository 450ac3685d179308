"""The selectors that hand a survey's design and answers to reports.scoring."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.scoring import Answers, score_survey
from reports.selectors import survey_design, survey_scores
from surveys.models import BankMode, BankQuestion, Organization, QuestionBank, Response, Survey
from tests.factories import make_survey
from tests.support.answers import make_responses

SCIENTIST, ENGINEER, MANAGER = "data_scientist", "engineer", "product_manager"


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=[SCIENTIST, ENGINEER])


def test_it_designs_the_survey_from_its_roles_in_survey_order(survey: Survey) -> None:
    design = survey_design(survey=survey)

    assert design.roles == (SCIENTIST, ENGINEER)
    assert {question.role for question in design.questions} == {SCIENTIST, ENGINEER}
    assert design.threshold == survey.anonymity_threshold


def test_it_lists_the_modes_and_questions_in_bank_order(survey: Survey) -> None:
    design = survey_design(survey=survey)

    bank_modes = BankMode.objects.filter(bank=survey.bank).order_by("position").values_list("key", flat=True)
    questions = BankQuestion.objects.filter(bank=survey.bank, role__in=survey.roles).order_by("position")
    assert design.modes == tuple(bank_modes)
    assert [question.key for question in design.questions] == list(questions.values_list("key", flat=True))


def test_it_keeps_the_surveys_bank_version_when_a_newer_one_exists(survey: Survey) -> None:
    newer = QuestionBank.objects.create(version=survey.bank.version + 1, name="Newer", content_hash="x")
    BankMode.objects.create(
        bank=newer, key="new_mode", title="New", category="practice", description="", source="", position=0
    )

    assert "new_mode" not in survey_design(survey=survey).modes


def test_it_scores_only_submitted_responses(survey: Survey) -> None:
    make_responses(survey, SCIENTIST, 3, value=5)
    make_responses(survey, SCIENTIST, 2, value=1, status=Response.Status.DRAFT)

    scores = survey_scores(survey=survey)

    assert scores.roles[SCIENTIST].submitted == 3


def test_it_gives_the_figures_of_the_scoring_module(survey: Survey) -> None:
    responses = make_responses(survey, SCIENTIST, 4) + make_responses(survey, ENGINEER, 3, seed=2)
    answers = [Answers(response.role, response.likert) for response in responses]

    assert survey_scores(survey=survey) == score_survey(survey_design(survey=survey), answers)


def _queries_for_scores(survey: Survey) -> int:
    with CaptureQueriesContext(connection) as context:
        survey_scores(survey=survey)
    return len(context.captured_queries)


def test_it_scores_in_the_same_number_of_queries_at_10_and_1000_responses(acme: Organization) -> None:
    small, large = make_survey(acme), make_survey(acme)
    make_responses(small, SCIENTIST, 10)
    for role in (SCIENTIST, ENGINEER, MANAGER):
        make_responses(large, role, 334)

    assert _queries_for_scores(small) == _queries_for_scores(large) == 3
