"""Results: what leaders may read, and a stored form that reads back as the same figures."""

import datetime
import json

import pytest
from hypothesis import given

from reports.changes import RoundAnswers, round_change
from reports.publishing import PREVIOUS_UNPUBLISHED_ANSWERS
from reports.results import Comment, PreviousRound, Results, results_dump, results_live, results_load
from reports.scoring import Answers, score_survey
from surveys.models import BankQuestion, Organization, Response, Survey
from surveys.selectors.participation import RoleParticipation
from tests.factories import make_survey
from tests.reports.test_scoring import ALL_ROLES, QUESTIONS, property_survey, responses_from, thresholds
from tests.support.answers import answers_at_risk, make_responses

SCIENTIST, ENGINEER, MANAGER = "data_scientist", "engineer", "product_manager"


@given(thresholds, responses_from(ALL_ROLES))
def test_it_reads_back_the_very_figures_it_stored(threshold: int, responses: list[Answers]) -> None:
    results = Results(
        scores=score_survey(property_survey(threshold), responses),
        participation=(RoleParticipation("scientist", 4, 5, 1, 0), RoleParticipation("engineer", None, 2, 0, 2)),
        comments=(Comment("note", "Ünïcode “quotes” and\nlines"),),
    )

    assert results_load(json.loads(json.dumps(results_dump(results)))) == results


@given(thresholds, responses_from(ALL_ROLES), responses_from(ALL_ROLES))
def test_it_reads_back_the_change_from_the_previous_round_it_stored(
    threshold: int, then: list[Answers], now: list[Answers]
) -> None:
    design = property_survey(threshold)
    wording = {question.key: f"Statement {question.key}" for question in QUESTIONS}
    change = round_change(RoundAnswers(design, wording, tuple(then)), RoundAnswers(design, wording, tuple(now)))
    previous = PreviousRound(7, 2, 3, datetime.date(2026, 3, 3), change, "")
    results = Results(score_survey(design, now), (), (), previous)

    assert results_load(json.loads(json.dumps(results_dump(results)))) == results


def test_it_reads_back_a_previous_round_that_could_not_be_compared() -> None:
    previous = PreviousRound(7, 1, 1, datetime.date(2026, 3, 3), None, PREVIOUS_UNPUBLISHED_ANSWERS)
    results = Results(score_survey(property_survey(3), []), (), (), previous)

    assert results_load(json.loads(json.dumps(results_dump(results)))) == results


def test_it_reads_results_stored_before_the_change_was_recorded() -> None:
    stored = results_dump(Results(score_survey(property_survey(3), []), (), ()))
    del stored["previous"]

    assert results_load(stored).previous is None


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme)
    answers_at_risk(survey, SCIENTIST, 3, text="Our pipeline is a mess.")
    answers_at_risk(survey, MANAGER, 2, text="Nobody tells me anything.")
    return survey


def test_it_keeps_the_comments_of_reportable_roles_only(survey: Survey) -> None:
    comments = results_live(survey=survey).comments

    scientist_questions = set(
        BankQuestion.objects.filter(bank=survey.bank, role=SCIENTIST, kind="text").values_list("key", flat=True)
    )
    assert {comment.text for comment in comments} == {"Our pipeline is a mess."}
    assert {comment.question for comment in comments} == scientist_questions
    assert len(comments) == 3 * len(scientist_questions)


def test_it_scores_submitted_responses_only(survey: Survey) -> None:
    make_responses(survey, ENGINEER, 5, status=Response.Status.DRAFT)

    results = results_live(survey=survey)

    assert results.scores.roles[ENGINEER].submitted == 0
    assert [role.submitted for role in results.participation] == [3, 0, 2]
