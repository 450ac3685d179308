"""Published results carry the change from the previous round, its "then" side only as published.

The lead of privacy.md tries to read round 1's unpublished answers through round 2's change.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.changes import IMPROVED, RoundChange
from reports.publishing import (
    PREVIOUS_NOT_PUBLISHED,
    PREVIOUS_UNPUBLISHED_ANSWERS,
    published_results_of,
)
from reports.results import PreviousRound
from surveys.models import Organization, Survey
from tests.factories import make_survey
from tests.support.answers import answers_at_risk, make_responses
from tests.support.published import publish

pytestmark = pytest.mark.django_db

SCIENTIST, ENGINEER = "data_scientist", "engineer"


@pytest.fixture
def round_1(acme: Organization) -> Survey:
    """Three data scientists and three engineers, every answer at the worst risk; published."""
    survey = make_survey(acme, title="Round 1")
    answers_at_risk(survey, SCIENTIST, 3, risk_value=1)
    answers_at_risk(survey, ENGINEER, 3, risk_value=1)
    publish(survey)
    return survey


@pytest.fixture
def round_2(acme: Organization, round_1: Survey) -> Survey:
    """The team's next round: every answer healthy now."""
    survey = make_survey(acme, title="Round 2")
    answers_at_risk(survey, SCIENTIST, 3, risk_value=5)
    answers_at_risk(survey, ENGINEER, 3, risk_value=5)
    return survey


def previous_of(survey: Survey) -> PreviousRound | None:
    return published_results_of(publish(survey)).previous


def compared(previous: PreviousRound | None) -> RoundChange:
    assert previous is not None
    assert previous.change is not None
    return previous.change


def test_a_first_round_has_no_previous_round(round_1: Survey) -> None:
    assert previous_of(round_1) is None


def test_it_stores_the_change_from_the_previous_rounds_published_answers(round_1: Survey, round_2: Survey) -> None:
    previous = previous_of(round_2)
    change = compared(previous)

    assert previous is not None
    assert (previous.survey_id, previous.round_number, previous.published_sequence) == (round_1.pk, 1, 1)
    assert previous.reason == ""
    # The same bank both times: every mode is compared, and risk fell from 1 to 0 for both roles.
    assert change.not_compared == ()
    for mode in change.modes:
        assert mode.overall_change == -1.0
        verdicts = {role: figures.verdict for role, figures in mode.roles.items()}
        assert verdicts == {SCIENTIST: IMPROVED, ENGINEER: IMPROVED}


def test_it_stores_no_change_when_the_previous_round_has_no_published_results(acme: Organization) -> None:
    unpublished = make_survey(acme, title="Round 1")
    answers_at_risk(unpublished, SCIENTIST, 3)
    round_2 = make_survey(acme, title="Round 2")
    answers_at_risk(round_2, SCIENTIST, 3)

    previous = previous_of(round_2)

    assert previous == PreviousRound(unpublished.pk, 1, None, None, None, PREVIOUS_NOT_PUBLISHED)


def test_a_lead_cannot_read_an_unpublished_answer_of_round_1_through_round_2(round_1: Survey, round_2: Survey) -> None:
    before = previous_of(round_2)
    # A fourth data scientist answers round 1 late; the guard keeps round 1's results as they
    # were (1 change < k), so only a comparison with live answers would show this member.
    answers_at_risk(round_1, SCIENTIST, 1, risk_value=5)

    after = previous_of(round_2)

    compared(before)
    assert after is not None
    assert (after.change, after.reason) == (None, PREVIOUS_UNPUBLISHED_ANSWERS)
    assert before is not None
    assert after.published_sequence == before.published_sequence


def test_it_compares_again_once_the_previous_round_publishes_its_new_answers(round_1: Survey, round_2: Survey) -> None:
    answers_at_risk(round_1, SCIENTIST, 3, risk_value=5)
    publish(round_1)

    previous = previous_of(round_2)

    # Round 1's data scientists now average risk 1/2 over 6: a change of -1/2.
    assert compared(previous).modes[0].roles[SCIENTIST].change == -0.5
    assert previous is not None
    assert previous.published_sequence == 2


def test_it_reads_the_change_in_a_fixed_number_of_queries(acme: Organization, round_1: Survey) -> None:
    counts = []
    for size in (3, 12):
        survey = make_survey(acme, title=f"Round of {size}")
        make_responses(survey, SCIENTIST, size)
        make_responses(survey, ENGINEER, size)
        with CaptureQueriesContext(connection) as queries:
            publish(survey)
        counts.append(len(queries))

    assert counts[0] == counts[1]
