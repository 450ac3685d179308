"""Tests of reports.changes against scoring.md, "Change between rounds", worked out by hand."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.changes import (
    IMPROVED,
    MIXED,
    NO_CLEAR_CHANGE,
    WORSENED,
    ModeChange,
    RoundAnswers,
    round_change,
    shared_statements,
)
from reports.scoring import LIKERT, NEGATIVE, POSITIVE, TEXT, Answers, Question, SurveyDesign
from reports.student_t import t_quantile_975
from tests.reports.test_scoring import ALL_ROLES, QUESTIONS, property_survey, responses_from, thresholds

DRIFT, LEAKAGE = "drift", "leakage"
SCIENTIST, ENGINEER, MANAGER, OPERATOR = "scientist", "engineer", "manager", "operator"


def likert(key: str, role: str = SCIENTIST, mode: str = DRIFT, polarity: str = POSITIVE) -> Question:
    return Question(key, role, mode, LIKERT, polarity)


def round_of(
    questions: Sequence[Question],
    responses: Sequence[Answers],
    *,
    roles: tuple[str, ...] = (SCIENTIST, ENGINEER, MANAGER),
    wording: dict[str, str] | None = None,
    threshold: int = 3,
) -> RoundAnswers:
    design = SurveyDesign(roles, (DRIFT, LEAKAGE), tuple(questions), threshold)
    words = {question.key: f"Statement {question.key}" for question in questions} | (wording or {})
    return RoundAnswers(design, words, tuple(responses))


def answering(role: str, key: str, *values: int) -> list[Answers]:
    return [Answers(role, {key: value}) for value in values]


def drift(rounds: RoundAnswers, later: RoundAnswers) -> ModeChange:
    return round_change(rounds, later).modes[0]


# --- Shared statements ----------------------------------------------------------------------


def test_it_compares_only_statements_with_the_same_key_and_the_same_wording() -> None:
    # Then: d1 at risk 3/4 and d2 at 0, a mean of 3/8 over both. Now: d1 at 1/4, d2 reworded
    # and d3 new, both at risk 1. On d1 alone the change is 1/4 - 3/4 = -1/2 exactly; with
    # every statement it would have been 3/4 - 3/8 = +3/8.
    then = round_of(
        [likert("d1"), likert("d2")],
        [Answers(SCIENTIST, {"d1": 2, "d2": 5})] * 3,
    )
    now = round_of(
        [likert("d1"), likert("d2"), likert("d3")],
        [Answers(SCIENTIST, {"d1": 4, "d2": 1, "d3": 1})] * 3,
        wording={"d2": "A statement in other words"},
    )

    mode = drift(then, now)

    assert shared_statements(then, now) == {"d1"}
    assert mode.shared_items == 1
    assert mode.roles[SCIENTIST].change_exact == Fraction(-1, 2)
    assert (mode.roles[SCIENTIST].then_risk, mode.roles[SCIENTIST].now_risk) == (0.75, 0.25)
    # No spread in either round: the interval is the change itself, which excludes 0.
    assert mode.roles[SCIENTIST].change_ci95 == (-0.5, -0.5)
    assert mode.roles[SCIENTIST].verdict == IMPROVED
    assert mode.overall_change == -0.5


def test_it_counts_n_on_the_shared_statements_only() -> None:
    # Two of the three scientists answered only d2, which is not shared: on d1 the role has
    # n = 1 < k then, so it is shown now only, however many answered the mode in full.
    then = round_of(
        [likert("d1"), likert("d2")],
        [Answers(SCIENTIST, {"d1": 3, "d2": 3}), Answers(SCIENTIST, {"d2": 3}), Answers(SCIENTIST, {"d2": 3})],
    )
    now = round_of([likert("d1")], answering(SCIENTIST, "d1", 3, 3, 3))

    mode = drift(then, now)

    assert mode.roles == {}
    assert mode.shown_now_only == (SCIENTIST,)
    assert mode.overall_change is None


def test_it_leaves_out_a_mode_without_shared_statements() -> None:
    then = round_of([likert("d1"), likert("l1", mode=LEAKAGE)], answering(SCIENTIST, "d1", 3, 3, 3))
    now = round_of([likert("d1"), likert("l2", mode=LEAKAGE)], answering(SCIENTIST, "d1", 3, 3, 3))

    change = round_change(then, now)

    assert [mode.key for mode in change.modes] == [DRIFT]
    assert change.not_compared == (LEAKAGE,)


def test_it_shares_no_text_question_and_no_statement_of_a_role_outside_the_survey() -> None:
    text = Question("t1", SCIENTIST, DRIFT, TEXT, None)
    then = round_of([likert("d1"), text, likert("o1", OPERATOR)], [])
    now = round_of([likert("d1"), text, likert("o1", OPERATOR)], [], roles=(SCIENTIST, OPERATOR))

    assert shared_statements(then, now) == {"d1"}


# --- Roles ------------------------------------------------------------------------------------


def test_it_names_roles_shown_in_one_round_only_in_both_directions() -> None:
    # Managers: 3 then, 2 now (below k). Operators: 2 then, 3 now.
    questions = [likert("d1"), likert("m1", MANAGER), likert("o1", OPERATOR)]
    roles = (SCIENTIST, MANAGER, OPERATOR)
    then = round_of(
        questions,
        answering(SCIENTIST, "d1", 3, 3, 3) + answering(MANAGER, "m1", 1, 1, 1) + answering(OPERATOR, "o1", 1, 1),
        roles=roles,
    )
    now = round_of(
        questions,
        answering(SCIENTIST, "d1", 3, 3, 3) + answering(MANAGER, "m1", 5, 5) + answering(OPERATOR, "o1", 5, 5, 5),
        roles=roles,
    )

    mode = drift(then, now)

    assert list(mode.roles) == [SCIENTIST]
    assert mode.shown_then_only == (MANAGER,)
    assert mode.shown_now_only == (OPERATOR,)
    # Only the scientists are in both: neither the managers' fall nor the operators' 0 is change.
    assert mode.overall_change == 0.0


def test_each_round_keeps_its_own_threshold() -> None:
    then = round_of([likert("d1")], answering(SCIENTIST, "d1", 3, 3, 3), threshold=3)
    now = round_of([likert("d1")], answering(SCIENTIST, "d1", 3, 3, 3), threshold=4)

    mode = drift(then, now)

    assert mode.shown_then_only == (SCIENTIST,)
    assert mode.roles == {}


# --- Intervals and verdicts -------------------------------------------------------------------


def test_a_change_inside_the_noise_is_no_clear_change() -> None:
    # Then: risks 1, 1/2, 0 (mean 1/2, variance 1/4). Now: risks 0, 0, 1/4 (mean 1/12, variance
    # 1/48). Change -5/12; se^2 = (1/4)/3 + (1/48)/3 = 13/144; Welch's degrees of freedom
    # (13/144)^2 / ((1/12)^2/2 + (1/144)^2/2) = 338/145, and t(338/145) * sqrt(13)/12 > 5/12.
    then = round_of([likert("d1")], answering(SCIENTIST, "d1", 1, 3, 5))
    now = round_of([likert("d1")], answering(SCIENTIST, "d1", 5, 5, 4))
    half_width = t_quantile_975(338 / 145) * math.sqrt(13) / 12

    role = drift(then, now).roles[SCIENTIST]

    assert role.change_exact == Fraction(-5, 12)
    assert role.change_ci95 == pytest.approx((-5 / 12 - half_width, -5 / 12 + half_width), abs=1e-12)
    assert not role.credible
    assert role.verdict == NO_CLEAR_CHANGE


def test_a_credible_worsening_is_worsened() -> None:
    # Then every engineer at risk 0; now risks 3/4, 3/4, 1 (mean 5/6, variance 1/48).
    # se = sqrt((1/48)/3) = 1/12 with 2 degrees of freedom, where t = 0.95 / sqrt(2 * 0.975 * 0.025)
    # = 4.3026527: 5/6 -/+ 4.3026527 / 12.
    then = round_of([likert("e1", ENGINEER)], answering(ENGINEER, "e1", 5, 5, 5))
    now = round_of([likert("e1", ENGINEER)], answering(ENGINEER, "e1", 2, 2, 1))
    half_width = t_quantile_975(2) / 12

    mode = drift(then, now)
    role = mode.roles[ENGINEER]

    assert t_quantile_975(2) == pytest.approx(0.95 / math.sqrt(2 * 0.975 * 0.025), abs=1e-12)
    assert role.change_exact == Fraction(5, 6)
    assert role.change_ci95 == pytest.approx((5 / 6 - half_width, 5 / 6 + half_width), abs=1e-12)
    assert role.credible
    assert role.verdict == WORSENED
    assert mode.verdict == WORSENED


def test_a_mode_with_changes_both_ways_is_mixed_and_one_of_noise_is_no_clear_change() -> None:
    questions = [likert("d1"), likert("e1", ENGINEER)]
    then = round_of(questions, answering(SCIENTIST, "d1", 1, 1, 1) + answering(ENGINEER, "e1", 5, 5, 5))
    now = round_of(questions, answering(SCIENTIST, "d1", 5, 5, 5) + answering(ENGINEER, "e1", 1, 1, 1))
    noise = round_of(questions, answering(SCIENTIST, "d1", 1, 3, 5) + answering(ENGINEER, "e1", 5, 4, 3))

    mixed = drift(then, now)

    assert [role.verdict for role in mixed.roles.values()] == [IMPROVED, WORSENED]
    assert mixed.verdict == MIXED
    assert mixed.overall_change == 0.0
    assert drift(noise, noise).verdict == NO_CLEAR_CHANGE


def test_a_negative_statement_counts_its_risk_the_other_way() -> None:
    then = round_of([likert("d1", polarity=NEGATIVE)], answering(SCIENTIST, "d1", 5, 5, 5))
    now = round_of([likert("d1", polarity=NEGATIVE)], answering(SCIENTIST, "d1", 1, 1, 1))

    assert drift(then, now).roles[SCIENTIST].change_exact == -1


# --- Properties -------------------------------------------------------------------------------


def property_round(threshold: int, responses: list[Answers]) -> RoundAnswers:
    return RoundAnswers(property_survey(threshold), {q.key: q.key for q in QUESTIONS}, tuple(responses))


@given(thresholds, responses_from(ALL_ROLES))
def test_a_round_compared_with_itself_has_no_change_and_nothing_credible(
    threshold: int, responses: list[Answers]
) -> None:
    same = property_round(threshold, responses)

    change = round_change(same, same)

    for mode in change.modes:
        assert mode.shown_then_only == mode.shown_now_only == ()
        assert mode.overall_change in (None, 0.0)
        for role in mode.roles.values():
            assert role.change_exact == 0
            assert not role.credible
            assert role.change_ci95[0] <= 0 <= role.change_ci95[1]


@given(thresholds, thresholds, responses_from(ALL_ROLES), responses_from(ALL_ROLES))
def test_swapping_the_rounds_negates_every_change_and_interval(
    first_k: int, second_k: int, first: list[Answers], second: list[Answers]
) -> None:
    then, now = property_round(first_k, first), property_round(second_k, second)

    forward, backward = round_change(then, now), round_change(now, then)

    assert [mode.key for mode in forward.modes] == [mode.key for mode in backward.modes]
    for ahead, behind in zip(forward.modes, backward.modes, strict=True):
        assert (ahead.shown_then_only, ahead.shown_now_only) == (behind.shown_now_only, behind.shown_then_only)
        assert ahead.overall_exact == (None if behind.overall_exact is None else -behind.overall_exact)
        assert list(ahead.roles) == list(behind.roles)
        for role, figures in ahead.roles.items():
            low, high = behind.roles[role].change_ci95
            assert figures.change_exact == -behind.roles[role].change_exact
            assert figures.change_ci95 == (-high, -low)
            assert figures.credible == behind.roles[role].credible


@given(thresholds, responses_from(ALL_ROLES), responses_from(ALL_ROLES), st.sets(st.sampled_from(QUESTIONS)))
def test_the_overall_change_is_the_mean_of_the_role_changes_on_shared_statements(
    threshold: int, first: list[Answers], second: list[Answers], reworded: set[Question]
) -> None:
    then = property_round(threshold, first)
    now = replace(
        property_round(threshold, second),
        wording={q.key: q.key + (" reworded" if q in reworded else "") for q in QUESTIONS},
    )

    change = round_change(then, now)

    assert shared_statements(then, now) == {q.key for q in QUESTIONS} - {q.key for q in reworded}
    for mode in change.modes:
        expected = sum(1 for q in QUESTIONS if q.mode == mode.key and q not in reworded)
        assert mode.shared_items == expected > 0
        if mode.roles:
            changes = [role.change_exact for role in mode.roles.values()]
            assert mode.overall_exact == sum(changes, Fraction(0)) / len(changes)
    assert {mode.key for mode in change.modes} | set(change.not_compared) == {DRIFT, LEAKAGE}
