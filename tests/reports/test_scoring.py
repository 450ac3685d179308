"""Tests of reports.scoring against scoring.md, with figures worked out by hand."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reports.scoring import (
    HIGH,
    LIKERT,
    LOW,
    MODERATE,
    NEGATIVE,
    POSITIVE,
    TEXT,
    Answers,
    Question,
    RoleCount,
    RoleModeScore,
    SurveyDesign,
    SurveyScores,
    item_risk,
    rwg_j,
    score_survey,
)
from reports.student_t import t_quantile_975

DRIFT, LEAKAGE = "drift", "leakage"
SCIENTIST, ENGINEER, MANAGER, OPERATOR = "scientist", "engineer", "manager", "operator"
ROLES = (SCIENTIST, ENGINEER, MANAGER)


def likert(key: str, role: str = SCIENTIST, mode: str = DRIFT, polarity: str = POSITIVE) -> Question:
    return Question(key, role, mode, LIKERT, polarity)


def survey(*questions: Question, roles: tuple[str, ...] = ROLES, threshold: int = 3) -> SurveyDesign:
    return SurveyDesign(roles, (DRIFT, LEAKAGE), questions, threshold)


def one_item_per_role(roles: tuple[str, ...] = ROLES, threshold: int = 3) -> SurveyDesign:
    """Each role answers one positive drift item whose key is the role's name."""
    return survey(*(likert(role, role) for role in roles), roles=roles, threshold=threshold)


def answering(role: str, *values: int) -> list[Answers]:
    """One response per value, each answering the role's single item of one_item_per_role."""
    return [Answers(role, {role: value}) for value in values]


def drift(scores: SurveyScores, role: str = SCIENTIST) -> RoleModeScore:
    return scores.modes[0].roles[role]


# --- Per answer and per respondent ---------------------------------------------------------


def test_it_scores_a_positive_item_as_disagreement() -> None:
    assert [item_risk(v, POSITIVE) for v in (1, 2, 3, 4, 5)] == [1.0, 0.75, 0.5, 0.25, 0.0]


def test_it_scores_a_negative_item_as_agreement() -> None:
    assert [item_risk(v, NEGATIVE) for v in (1, 2, 3, 4, 5)] == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_it_averages_a_respondents_answered_items_only() -> None:
    # Risks 0 (positive 5) and 0.75 (negative 4); the third item is left out: 0.75 / 2.
    design = survey(likert("a"), likert("b", polarity=NEGATIVE), likert("c"))
    responses = [Answers(SCIENTIST, {"a": 5, "b": 4})] * 3
    assert drift(score_survey(design, responses)).mean_risk == 0.375


def test_it_weighs_each_respondent_once_however_many_items_they_answered() -> None:
    # Respondent risks 0, 1 and 0 give 1/3; weighing answers instead would give 1/5.
    design = survey(likert("a"), likert("c"))
    responses = [
        Answers(SCIENTIST, {"a": 5, "c": 5}),
        Answers(SCIENTIST, {"a": 1}),
        Answers(SCIENTIST, {"a": 5, "c": 5}),
    ]
    assert drift(score_survey(design, responses)).mean_risk == pytest.approx(1 / 3, abs=1e-15)


# --- Per role and mode ---------------------------------------------------------------------


def test_it_computes_n_mean_sd_and_ci_by_the_book() -> None:
    # Risks 0.25, 0.5, 0.5, 0.75: mean 0.5; squared deviations 0.0625 + 0 + 0 + 0.0625 =
    # 0.125, so sd = sqrt(0.125 / 3) = sqrt(1/24) = 0.2041241; with t(3) = 3.1824463,
    # the half width is 3.1824463 * 0.2041241 / sqrt(4) = 0.3248064.
    scores = score_survey(one_item_per_role(), answering(SCIENTIST, 4, 3, 3, 2))
    half_width = 3.182446305284 * math.sqrt(1 / 24) / 2
    figures = drift(scores)
    assert figures.n == 4
    assert figures.mean_risk == 0.5
    assert figures.sd == pytest.approx(0.2041241452319315, abs=1e-15)
    assert figures.ci95 == pytest.approx((0.5 - half_width, 0.5 + half_width), abs=1e-12)


def test_it_clips_the_ci_to_the_unit_interval() -> None:
    # Risks 0, 0, 1: mean 1/3, sd sqrt(1/3), half width 4.3027 * sqrt(1/3) / sqrt(3) = 1.43.
    scores = score_survey(one_item_per_role(), answering(SCIENTIST, 5, 5, 1))
    assert drift(scores).ci95 == (0.0, 1.0)


def test_it_counts_only_respondents_who_answered_the_mode() -> None:
    design = survey(likert("a"), likert("b", mode=LEAKAGE))
    responses = [Answers(SCIENTIST, {"a": 2}), Answers(SCIENTIST, {"b": 1}), Answers(SCIENTIST, {"b": 5})]
    figures = drift(score_survey(design, responses))
    assert (figures.n, figures.mean_risk, figures.sd, figures.ci95) == (1, 0.75, None, None)


def test_it_leaves_a_mode_nobody_answered_without_figures() -> None:
    scores = score_survey(one_item_per_role(), [Answers(SCIENTIST, {})] * 3)
    assert drift(scores) == RoleModeScore(0, None, None, None, 1.0, None)
    assert (scores.modes[0].overall_risk, scores.modes[0].level) == (None, None)


def test_it_rates_unanswered_items_including_those_left_out() -> None:
    # Two drift items x three responses = 6 slots; 0 + 1 + 2 are empty, so 3 / 6.
    design = survey(likert("a"), likert("b"))
    responses = [
        Answers(SCIENTIST, {"a": 3, "b": 3}),
        Answers(SCIENTIST, {"a": 3}),
        Answers(SCIENTIST, {}),
    ]
    assert drift(score_survey(design, responses)).dont_know_rate == 0.5


def test_it_has_no_dont_know_rate_for_a_mode_the_role_is_not_asked() -> None:
    scores = score_survey(one_item_per_role(), answering(SCIENTIST, 3, 3, 3))
    assert scores.modes[1].roles[SCIENTIST].dont_know_rate is None


def test_it_ignores_answers_to_questions_not_asked_as_likert_to_the_role() -> None:
    design = survey(
        likert("a"),
        likert("other", ENGINEER),
        Question("note", SCIENTIST, DRIFT, TEXT, None),
    )
    noisy = {"a": 4, "other": 1, "note": 1, "unknown": 1}
    scores = score_survey(design, [Answers(SCIENTIST, noisy)] * 3)
    clean = score_survey(design, [Answers(SCIENTIST, {"a": 4})] * 3)
    assert scores == clean


# --- rwg(j) --------------------------------------------------------------------------------

# Rows are people, columns items. Item variances 2/3, 1/4, 1/4 give s2 = 7/18, s2/e = 7/36,
# so rwg(j) = 3 * 29/36 / (3 * 29/36 + 7/36) = 87/94 = 0.925532.
RATINGS = [[4, 4, 5], [5, 4, 4], [4, 3, 4], [3, 4, 4]]


def test_it_computes_rwg_j_from_raw_values_per_item() -> None:
    items = [list(column) for column in zip(*RATINGS, strict=True)]
    assert rwg_j(items) == pytest.approx(0.925532, abs=1e-6)


def test_it_computes_rwg_j_for_a_role_and_mode() -> None:
    design = survey(likert("a"), likert("b", polarity=NEGATIVE), likert("c"))
    responses = [Answers(SCIENTIST, dict(zip("abc", row, strict=True))) for row in RATINGS]
    assert drift(score_survey(design, responses)).rwg_j == pytest.approx(87 / 94, abs=1e-15)


def test_it_has_no_agreement_for_a_single_rater() -> None:
    assert rwg_j([[4], [2], [5]]) is None


def test_it_finds_full_agreement_without_variance() -> None:
    assert rwg_j([[3, 3, 3], [5, 5]]) == 1.0


def test_it_finds_no_agreement_above_the_uniform_variance() -> None:
    # 1, 5, 1, 5 has a sample variance of 16 / 3, more than e = 2.
    assert rwg_j([[1, 5, 1, 5]]) == 0.0


def test_it_finds_no_agreement_at_exactly_the_uniform_variance() -> None:
    # 1 and 3 have a sample variance of exactly 2.
    assert rwg_j([[1, 3]]) == 0.0


def test_it_leaves_items_with_fewer_than_two_answers_out_of_rwg_j() -> None:
    items = [list(column) for column in zip(*RATINGS, strict=True)]
    assert rwg_j([*items, [1], []]) == rwg_j(items)


# --- Per mode and per survey ---------------------------------------------------------------


def test_it_does_not_weigh_the_overall_risk_by_role_size() -> None:
    # Six scientists at 0 and three managers at 1: 0.5, not the weighted 1/3.
    responses = answering(SCIENTIST, 5, 5, 5, 5, 5, 5) + answering(MANAGER, 1, 1, 1)
    assert score_survey(one_item_per_role(), responses).modes[0].overall_risk == 0.5


@pytest.mark.parametrize(("value", "level"), [(5, LOW), (4, MODERATE), (3, HIGH)], ids=["0", "0.25", "0.5"])
def test_it_levels_a_mode_with_the_boundaries_in_the_upper_band(value: int, level: str) -> None:
    scores = score_survey(one_item_per_role(), answering(SCIENTIST, value, value, value))
    assert scores.modes[0].level == level


def test_it_calls_a_risk_just_below_a_quarter_low() -> None:
    # Risks 0.25, 0.25 and 0.0 average to 1/6.
    scores = score_survey(one_item_per_role(), answering(SCIENTIST, 4, 4, 5))
    assert scores.modes[0].level == LOW


def test_it_names_the_roles_at_either_end_of_the_gap() -> None:
    responses = answering(SCIENTIST, 4, 4, 4) + answering(ENGINEER, 2, 2, 2)
    mode = score_survey(one_item_per_role(), responses + answering(MANAGER, 3, 3, 3)).modes[0]
    assert (mode.gap, mode.gap_roles) == (0.5, (SCIENTIST, ENGINEER))


def test_it_breaks_gap_ties_by_survey_role_order() -> None:
    roles = (OPERATOR, SCIENTIST, ENGINEER, MANAGER)
    responses = answering(OPERATOR, 3, 3, 3) + answering(SCIENTIST, 2, 2, 2)
    responses += answering(ENGINEER, 3, 3, 3) + answering(MANAGER, 2, 2, 2)
    mode = score_survey(one_item_per_role(roles), responses).modes[0]
    assert mode.gap_roles == (OPERATOR, SCIENTIST)


def test_it_names_the_first_role_twice_when_all_are_equal() -> None:
    responses = answering(SCIENTIST, 3, 3, 3) + answering(ENGINEER, 3, 3, 3)
    mode = score_survey(one_item_per_role(), responses + answering(MANAGER, 3, 3, 3)).modes[0]
    assert (mode.gap, mode.gap_roles, mode.misaligned) == (0.0, (SCIENTIST, SCIENTIST), False)


def test_it_calls_a_gap_of_exactly_a_quarter_misaligned() -> None:
    responses = answering(SCIENTIST, 4, 4, 4) + answering(ENGINEER, 3, 3, 3)
    assert score_survey(one_item_per_role(), responses).modes[0].misaligned is True


def test_it_calls_a_single_role_aligned_without_a_gap() -> None:
    mode = score_survey(one_item_per_role(), answering(SCIENTIST, 1, 5, 1)).modes[0]
    assert (mode.gap, mode.gap_roles, mode.misaligned) == (None, None, False)


def test_it_derives_the_health_index_from_modes_with_a_risk() -> None:
    # Drift 0.25 and leakage 0.5 average 0.375; a third mode with no items is skipped.
    design = SurveyDesign(
        (SCIENTIST,),
        (DRIFT, LEAKAGE, "silence"),
        (likert("a"), likert("b", mode=LEAKAGE)),
        3,
    )
    scores = score_survey(design, [Answers(SCIENTIST, {"a": 4, "b": 3})] * 3)
    assert scores.health_index == 62.5


# --- Anonymity -----------------------------------------------------------------------------


def test_it_hides_a_role_below_the_threshold_from_every_figure() -> None:
    responses = answering(SCIENTIST, 5, 5, 5) + answering(MANAGER, 1, 1)
    scores = score_survey(one_item_per_role(), responses)
    assert all(MANAGER not in mode.roles for mode in scores.modes)
    assert (scores.modes[0].overall_risk, scores.modes[0].gap) == (0.0, None)
    assert scores.health_index == 100.0


def test_it_still_reports_the_count_of_a_hidden_role() -> None:
    responses = answering(SCIENTIST, 5, 5, 5) + answering(MANAGER, 1, 1)
    roles = score_survey(one_item_per_role(), responses).roles
    assert (roles[MANAGER].submitted, roles[MANAGER].reportable) == (2, False)
    assert (roles[ENGINEER].submitted, roles[ENGINEER].reportable) == (0, False)


def test_it_withholds_everything_when_no_role_reaches_the_threshold() -> None:
    scores = score_survey(one_item_per_role(), answering(SCIENTIST, 5, 5))
    assert (scores.withheld, scores.modes, scores.health_index) == (True, (), None)
    assert scores.roles[SCIENTIST].submitted == 2


# --- Properties ----------------------------------------------------------------------------

ALL_ROLES = (*ROLES, OPERATOR)
QUESTIONS = tuple(
    likert(f"{role}-{mode}-{i}", role, mode, (POSITIVE, NEGATIVE)[i % 2])
    for role in ALL_ROLES
    for mode in (DRIFT, LEAKAGE)
    for i in range(2)
)


def responses_of(role: str) -> st.SearchStrategy[Answers]:
    optional = {q.key: st.integers(1, 5) for q in QUESTIONS if q.role == role}
    return st.fixed_dictionaries({}, optional=optional).map(lambda values: Answers(role, values))


def responses_from(roles: Sequence[str]) -> st.SearchStrategy[list[Answers]]:
    return st.lists(st.sampled_from(roles).flatmap(responses_of), max_size=30)


# scoring.md lets k start at 3; thresholds of 1 and 2 here also reach one-respondent figures.
thresholds = st.integers(1, 5)


def property_survey(threshold: int) -> SurveyDesign:
    return survey(*QUESTIONS, roles=ALL_ROLES, threshold=threshold)


def flattened(scores: SurveyScores) -> list[object]:
    """Every figure of the scores, in a fixed order, for comparing two of them."""
    figures: list[object] = [scores.withheld, scores.roles, scores.health_index]
    for mode in scores.modes:
        figures += [mode.key, mode.overall_risk, mode.level, mode.gap, mode.gap_roles]
        figures += [mode.misaligned, list(mode.roles)]
        for role_score in mode.roles.values():
            figures += [role_score.n, role_score.mean_risk, role_score.sd, role_score.ci95]
            figures += [role_score.dont_know_rate, role_score.rwg_j]
    return figures


def close(one: object, other: object) -> bool:
    """Equal, except that floats, also inside tuples, may differ by 1e-12."""
    if isinstance(one, float) and isinstance(other, float | int):
        return math.isclose(one, other, rel_tol=0, abs_tol=1e-12)
    if isinstance(one, tuple) and isinstance(other, tuple) and len(one) == len(other):
        return all(close(a, b) for a, b in zip(one, other, strict=True))
    return one == other


def assert_same_figures(first: SurveyScores, second: SurveyScores) -> None:
    assert close(tuple(flattened(first)), tuple(flattened(second)))


def bounded_figures(scores: SurveyScores) -> Iterable[float | None]:
    for mode in scores.modes:
        yield mode.overall_risk
        for role_score in mode.roles.values():
            yield from (role_score.mean_risk, *(role_score.ci95 or ()))
            yield from (role_score.dont_know_rate, role_score.rwg_j)


@given(thresholds, responses_from(ALL_ROLES))
def test_it_keeps_every_risk_mean_and_bound_in_the_unit_interval(threshold: int, responses: list[Answers]) -> None:
    scores = score_survey(property_survey(threshold), responses)
    assert all(0 <= figure <= 1 for figure in bounded_figures(scores) if figure is not None)


@given(thresholds, responses_from(ALL_ROLES), st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_responses(threshold: int, responses: list[Answers], shuffler: random.Random) -> None:
    shuffled = list(responses)
    shuffler.shuffle(shuffled)
    design = property_survey(threshold)
    assert_same_figures(score_survey(design, responses), score_survey(design, shuffled))


@given(thresholds, responses_from(ALL_ROLES), st.sampled_from(QUESTIONS))
def test_it_is_unchanged_when_an_item_and_its_answers_are_reversed(
    threshold: int, responses: list[Answers], question: Question
) -> None:
    flipped_polarity = NEGATIVE if question.polarity == POSITIVE else POSITIVE
    flipped = likert(question.key, question.role, question.mode, flipped_polarity)
    design = property_survey(threshold)
    reversed_design = survey(
        *(flipped if q == question else q for q in QUESTIONS), roles=ALL_ROLES, threshold=threshold
    )
    reversed_responses = [
        Answers(r.role, {k: 6 - v if k == question.key else v for k, v in r.values.items()}) for r in responses
    ]
    assert_same_figures(score_survey(design, responses), score_survey(reversed_design, reversed_responses))


@given(thresholds, responses_from(ROLES), st.data())
def test_it_lets_no_figure_depend_on_a_role_below_the_threshold(
    threshold: int, responses: list[Answers], data: st.DataObject
) -> None:
    hidden = data.draw(st.lists(responses_of(OPERATOR), max_size=threshold - 1))
    design = property_survey(threshold)
    alone, together = score_survey(design, responses), score_survey(design, responses + hidden)
    assert together.roles[OPERATOR] == RoleCount(len(hidden), reportable=False)
    # Only the hidden role's own count may differ, and it is put back before comparing.
    assert_same_figures(alone, replace(together, roles={**together.roles, OPERATOR: alone.roles[OPERATOR]}))


@given(thresholds, responses_from(ALL_ROLES))
def test_it_withholds_exactly_when_no_role_reaches_the_threshold(threshold: int, responses: list[Answers]) -> None:
    scores = score_survey(property_survey(threshold), responses)
    nobody = all(count.submitted < threshold for count in scores.roles.values())
    assert scores.withheld is nobody
    if nobody:
        assert (scores.modes, scores.health_index) == ((), None)


# --- Agreement with a literal reading of scoring.md ----------------------------------------


def literal_role_mode(design: SurveyDesign, responses: list[Answers], role: str, mode: str) -> tuple[float | None, ...]:
    """scoring.md, "Per role and mode", transcribed as plainly as possible."""
    items = [q for q in design.questions if q.role == role and q.mode == mode]
    mine = [r for r in responses if r.role == role]
    risks = []
    for response in mine:
        answered = [item_risk(response.values[q.key], q.polarity or "") for q in items if q.key in response.values]
        if answered:
            risks.append(statistics.mean(answered))
    mean = statistics.mean(risks) if risks else None
    sd = statistics.stdev(risks) if len(risks) >= 2 else None
    lower = upper = None
    if mean is not None and sd is not None:
        half = t_quantile_975(len(risks) - 1) * sd / math.sqrt(len(risks))
        lower, upper = max(0, mean - half), min(1, mean + half)
    slots = len(items) * len(mine)
    empty = sum(q.key not in r.values for q in items for r in mine)
    columns = [[r.values[q.key] for r in mine if q.key in r.values] for q in items]
    variances = [statistics.variance(c) for c in columns if len(c) >= 2]
    agreement = None
    if variances:
        share = statistics.mean(variances) / 2
        j = len(variances)
        agreement = 0.0 if share >= 1 else j * (1 - share) / (j * (1 - share) + share)
    return mean, sd, lower, upper, empty / slots if slots else None, agreement


def literal_mode(means: dict[str, float]) -> tuple[object, ...]:
    """scoring.md, "Per mode", over the reportable roles' mean risks in survey order."""
    if not means:
        return None, None, None, None, False
    overall = statistics.mean(means.values())
    level = "low" if overall < 0.25 else "moderate" if overall < 0.5 else "high"
    if len(means) < 2:
        return overall, level, None, None, False
    lowest = next(role for role, mean in means.items() if mean == min(means.values()))
    highest = next(role for role, mean in means.items() if mean == max(means.values()))
    gap = means[highest] - means[lowest]
    return overall, level, gap, (lowest, highest), gap >= 0.25


@given(responses_from(ALL_ROLES))
def test_it_agrees_with_a_literal_reading_of_the_specification(responses: list[Answers]) -> None:
    design = property_survey(3)
    scores = score_survey(design, responses)
    assume(not scores.withheld)
    for mode in scores.modes:
        means = {}
        for role, figures in mode.roles.items():
            mean, sd, lower, upper, dont_know, agreement = literal_role_mode(design, responses, role, mode.key)
            ci = None if lower is None else (lower, upper)
            actual = (figures.mean_risk, figures.sd, figures.ci95, figures.dont_know_rate)
            assert close(actual, (mean, sd, ci, dont_know))
            assert close(figures.rwg_j, agreement)
            if mean is not None:
                means[role] = mean
        actual_mode = (mode.overall_risk, mode.level, mode.gap, mode.gap_roles, mode.misaligned)
        assert close(actual_mode, literal_mode(means))
