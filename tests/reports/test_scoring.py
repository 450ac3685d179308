"""Tests of reports.scoring against scoring.md, with figures worked out by hand."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import replace
from fractions import Fraction

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
    ItemCounts,
    ModeScore,
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
    assert [item_risk(v, POSITIVE) for v in (1, 2, 3, 4, 5)] == [1, Fraction(3, 4), Fraction(1, 2), Fraction(1, 4), 0]


def test_it_scores_a_negative_item_as_agreement() -> None:
    assert [item_risk(v, NEGATIVE) for v in (1, 2, 3, 4, 5)] == [0, Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), 1]


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


def test_it_counts_answers_as_favourable_neutral_or_unfavourable_on_the_healthy_scale() -> None:
    # Healthy scores: a positive 5 and 4 are favourable, a 3 neutral, a 2 unfavourable; a
    # negative 1 is healthy 5, favourable; a negative 5 is healthy 1, unfavourable.
    design = survey(likert("a"), likert("b", polarity=NEGATIVE))
    responses = [Answers(SCIENTIST, {"a": 5, "b": 1}), Answers(SCIENTIST, {"a": 4, "b": 5})]
    responses += [Answers(SCIENTIST, {"a": 3}), Answers(SCIENTIST, {"a": 2})]
    figures = drift(score_survey(design, responses))
    assert (figures.favourable, figures.unfavourable) == (0.5, 2 / 6)


def test_it_rates_unanswered_items_including_those_left_out() -> None:
    # Two drift items x three responses = 6 slots; 0 + 1 + 2 are empty, so 3 / 6 ... with a
    # fourth, full response the role keeps k = 3 respondents: 3 / 8.
    design = survey(likert("a"), likert("b"))
    responses = [
        Answers(SCIENTIST, {"a": 3, "b": 3}),
        Answers(SCIENTIST, {"a": 3}),
        Answers(SCIENTIST, {}),
        Answers(SCIENTIST, {"a": 3, "b": 3}),
        Answers(SCIENTIST, {"b": 3}),
    ]
    assert drift(score_survey(design, responses)).dont_know_rate == 4 / 10


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


# --- Anonymity per mode and per item ---------------------------------------------------------


def test_it_withholds_every_mode_of_a_role_whose_third_response_is_blank() -> None:
    # Three submitted responses make the role reportable, but only two answered anything:
    # showing their figures would show two people (scoring.md, "Per mode").
    design = survey(likert("a"), likert("b", mode=LEAKAGE))
    responses = [Answers(SCIENTIST, {"a": 2, "b": 2}), Answers(SCIENTIST, {"a": 4, "b": 5}), Answers(SCIENTIST, {})]
    scores = score_survey(design, responses)
    assert scores.roles[SCIENTIST] == RoleCount(3, reportable=True)
    for mode in scores.modes:
        assert (mode.roles, mode.withheld_roles, mode.overall_risk, mode.level) == ({}, (SCIENTIST,), None, None)
    assert scores.health_index is None


def test_it_shows_a_role_on_some_modes_and_withholds_it_on_others() -> None:
    # Every scientist answered drift; only two answered leakage.
    design = survey(likert("a"), likert("b", mode=LEAKAGE), likert("e", ENGINEER), likert("f", ENGINEER, LEAKAGE))
    responses = [
        Answers(SCIENTIST, {"a": 2, "b": 2}),
        Answers(SCIENTIST, {"a": 4, "b": 5}),
        Answers(SCIENTIST, {"a": 3}),
    ]
    responses += [Answers(ENGINEER, {"e": 5, "f": 1})] * 3
    drift_mode, leakage = score_survey(design, responses).modes
    assert (list(drift_mode.roles), drift_mode.withheld_roles) == ([SCIENTIST, ENGINEER], ())
    assert (list(leakage.roles), leakage.withheld_roles) == ([ENGINEER], (SCIENTIST,))
    # The withheld role is left out of the mode's overall risk and gap as well.
    assert (leakage.overall_risk, leakage.gap, leakage.gap_roles) == (1.0, None, None)


def test_it_shows_an_items_answer_counts_only_where_k_of_the_role_answered_it() -> None:
    design = survey(likert("a"), likert("b"))
    responses = [Answers(SCIENTIST, {"a": 1, "b": 2}), Answers(SCIENTIST, {"a": 1}), Answers(SCIENTIST, {"a": 5})]
    assert drift(score_survey(design, responses)).items == (ItemCounts("a", (2, 0, 0, 0, 1)), ItemCounts("b", None))


def test_it_hides_a_role_below_the_threshold_from_every_figure() -> None:
    responses = answering(SCIENTIST, 5, 5, 5) + answering(MANAGER, 1, 1)
    scores = score_survey(one_item_per_role(), responses)
    assert all(MANAGER not in mode.roles and MANAGER not in mode.withheld_roles for mode in scores.modes)
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


def test_it_refuses_a_threshold_below_two() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        score_survey(one_item_per_role(threshold=1), [])


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


@pytest.mark.parametrize(
    ("value", "level"),
    [(5, LOW), (4, LOW), (3, MODERATE), (2, HIGH), (1, HIGH)],
    ids=["strongly agree", "agree", "neither", "disagree", "strongly disagree"],
)
def test_it_anchors_the_levels_on_the_answer_points(value: int, level: str) -> None:
    scores = score_survey(one_item_per_role(), answering(SCIENTIST, value, value, value))
    assert scores.modes[0].level == level


def test_it_calls_a_team_that_agrees_with_every_healthy_statement_low() -> None:
    design = survey(likert("a"), likert("b"), likert("c", mode=LEAKAGE), likert("d", ENGINEER))
    responses = [Answers(SCIENTIST, {"a": 4, "b": 4, "c": 4})] * 3 + [Answers(ENGINEER, {"d": 4})] * 3
    scores = score_survey(design, responses)
    assert [(mode.overall_risk, mode.level) for mode in scores.modes] == [(0.25, LOW), (0.25, LOW)]
    assert scores.health_index == 75.0


@pytest.mark.parametrize(
    ("risks", "level"),
    [((1, 1, 2), LOW), ((1, 2), MODERATE), ((2, 3, 2), MODERATE), ((2, 3), HIGH)],
    ids=["1/3", "3/8 exactly", "7/12", "5/8 exactly"],
)
def test_it_cuts_the_levels_at_three_and_five_eighths_exactly(risks: tuple[int, ...], level: str) -> None:
    # Every respondent of the i-th role answers its one positive item with a risk of risks[i] / 4.
    design = one_item_per_role()
    responses = [a for role, risk in zip(ROLES, risks, strict=False) for a in answering(role, *[5 - risk] * 3)]
    expected = Fraction(sum(risks), 4 * len(risks))
    mode = score_survey(design, responses).modes[0]
    assert (mode.overall_risk, mode.level) == (float(expected), level)


def quarters(role: str, *respondents: Sequence[int]) -> list[Answers]:
    """Responses of a role to its items a, b, c (positive): each respondent's risks, 4x each."""
    return [Answers(role, {f"{role}-{key}": 5 - x for key, x in zip("abc", xs, strict=False)}) for xs in respondents]


THREE_ITEMS = SurveyDesign(
    ROLES, (DRIFT,), tuple(likert(f"{role}-{key}", role) for role in ROLES for key in "abc"), threshold=3
)


def test_it_flags_a_gap_of_exactly_a_quarter_that_floating_point_puts_below() -> None:
    # Summed in floating point these means differ by 0.24999999999999994; exactly, by 1/4.
    scientists = quarters(SCIENTIST, [2], [0, 4, 3], [0], [0, 0], [2])
    engineers = quarters(ENGINEER, [3, 0, 2], [3, 4], [2, 0], [0, 4, 1], [4, 3])
    mode = score_survey(THREE_ITEMS, scientists + engineers).modes[0]
    exact = mode.roles[ENGINEER].mean_exact - mode.roles[SCIENTIST].mean_exact
    assert exact == Fraction(1, 4)
    assert mode.gap == 0.25
    assert mode.gap_ci95 is not None
    assert mode.misaligned is (mode.gap_ci95[0] > 0)


def test_it_calls_an_overall_risk_of_exactly_three_eighths_moderate() -> None:
    # In floating point the mean of these two roles' means is 0.37499999999999994.
    scientists = quarters(SCIENTIST, [0, 3, 0], [1], [0])
    engineers = quarters(ENGINEER, [0, 4, 0], [4], [2, 0, 2], [0, 2], [4])
    mode = score_survey(THREE_ITEMS, scientists + engineers).modes[0]
    assert (mode.overall_risk, mode.level) == (0.375, MODERATE)


def test_it_names_the_first_role_of_an_exact_tie_that_floating_point_splits() -> None:
    # Both means are exactly 13/24; summed in floating point, the engineers' comes out lower.
    scientists = quarters(SCIENTIST, [3, 4], [3, 0, 4], [2, 0, 4], [1, 2, 0], [3, 1, 2])
    engineers = quarters(ENGINEER, [3, 2], [4], [1, 1, 4], [2, 0], [4, 0], [1, 2])
    managers = quarters(MANAGER, [0], [0], [0])
    mode = score_survey(THREE_ITEMS, scientists + engineers + managers).modes[0]
    assert mode.roles[SCIENTIST].mean_exact == mode.roles[ENGINEER].mean_exact
    assert mode.gap_roles == (MANAGER, SCIENTIST)


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


def test_it_names_the_first_role_twice_with_a_zero_interval_when_all_are_equal() -> None:
    responses = answering(SCIENTIST, 3, 2, 4) + answering(ENGINEER, 3, 3, 3)
    mode = score_survey(one_item_per_role(), responses + answering(MANAGER, 4, 2, 3)).modes[0]
    assert (mode.gap, mode.gap_roles, mode.gap_ci95, mode.misaligned) == (0.0, (SCIENTIST, SCIENTIST), (0, 0), False)


def test_it_computes_welchs_interval_for_the_gap_by_hand() -> None:
    # Scientists 0, 0.25, 0.5 (mean 1/4, variance 1/16); engineers 0.5, 0.75, 0.75, 1
    # (mean 3/4, variance 1/24). se^2 = 1/48 + 1/96 = 1/32; df = (1/32)^2 /
    # ((1/48)^2 / 2 + (1/96)^2 / 3) = 27/7; t(27/7) = 2.8174738 (40-digit arithmetic), so the
    # interval is 0.5 -+ 2.8174738 * sqrt(1/32) = [0.0019, 0.9981], just clear of 0.
    responses = answering(SCIENTIST, 5, 4, 3) + answering(ENGINEER, 3, 2, 2, 1)
    mode = score_survey(one_item_per_role(), responses).modes[0]
    half_width = 2.8174737532 * math.sqrt(1 / 32)
    assert mode.gap_ci95 == pytest.approx((0.5 - half_width, 0.5 + half_width), abs=1e-10)
    assert mode.misaligned is True


def test_it_does_not_call_a_large_gap_misaligned_when_its_interval_includes_zero() -> None:
    # Means 1/3 and 2/3, a gap of 1/3, but three people a role who disagree among themselves.
    responses = answering(SCIENTIST, 5, 5, 1) + answering(ENGINEER, 1, 1, 5)
    mode = score_survey(one_item_per_role(), responses).modes[0]
    assert mode.gap == pytest.approx(1 / 3)
    assert mode.gap_ci95 is not None
    assert mode.gap_ci95[0] < 0
    assert mode.misaligned is False


def test_it_takes_a_zero_spread_interval_as_the_gap_itself() -> None:
    responses = answering(SCIENTIST, 4, 4, 4) + answering(ENGINEER, 3, 3, 3)
    mode = score_survey(one_item_per_role(), responses).modes[0]
    assert (mode.gap, mode.gap_ci95, mode.misaligned) == (0.25, (0.25, 0.25), True)


def test_it_calls_a_single_role_aligned_without_a_gap() -> None:
    mode = score_survey(one_item_per_role(), answering(SCIENTIST, 1, 5, 1)).modes[0]
    assert (mode.gap, mode.gap_roles, mode.gap_ci95, mode.misaligned) == (None, None, None, False)


def test_it_gives_one_roles_interval_as_the_overall_interval() -> None:
    mode = score_survey(one_item_per_role(), answering(SCIENTIST, 4, 3, 3, 2)).modes[0]
    assert mode.overall_ci95 == pytest.approx(mode.roles[SCIENTIST].ci95, abs=1e-15)


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
    assert scores.modes[2].withheld_roles == (SCIENTIST,)


# --- Properties ----------------------------------------------------------------------------

ALL_ROLES = (*ROLES, OPERATOR)
QUESTIONS = tuple(
    likert(f"{role}-{mode}-{i}", role, mode, (POSITIVE, NEGATIVE)[i % 2])
    for role in ALL_ROLES
    for mode in (DRIFT, LEAKAGE)
    for i in range(3)
)


def responses_of(role: str) -> st.SearchStrategy[Answers]:
    optional = {q.key: st.integers(1, 5) for q in QUESTIONS if q.role == role}
    return st.fixed_dictionaries({}, optional=optional).map(lambda values: Answers(role, values))


def responses_from(roles: Sequence[str]) -> st.SearchStrategy[list[Answers]]:
    return st.lists(st.sampled_from(roles).flatmap(responses_of), max_size=30)


# scoring.md lets k start at 3; a threshold of 2 also reaches one-degree-of-freedom intervals.
thresholds = st.integers(2, 5)


def property_survey(threshold: int) -> SurveyDesign:
    return survey(*QUESTIONS, roles=ALL_ROLES, threshold=threshold)


def flattened(scores: SurveyScores) -> list[object]:
    """Every figure of the scores, in a fixed order, for comparing two of them."""
    figures: list[object] = [scores.withheld, scores.roles, scores.health_index]
    for mode in scores.modes:
        figures += [mode.key, mode.overall_risk, mode.level, mode.gap, mode.gap_roles, mode.gap_ci95]
        figures += [mode.misaligned, mode.withheld_roles, list(mode.roles), mode.overall_ci95]
        for role_score in mode.roles.values():
            figures += [role_score.n, role_score.mean_risk, role_score.sd, role_score.ci95]
            figures += [role_score.favourable, role_score.unfavourable, role_score.dont_know_rate]
            figures += [role_score.rwg_j, role_score.items]
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
        yield from mode.overall_ci95 or ()
        for role_score in mode.roles.values():
            yield from (role_score.mean_risk, *role_score.ci95, role_score.favourable, role_score.unfavourable)
            yield from (role_score.dont_know_rate, role_score.rwg_j)


@given(thresholds, responses_from(ALL_ROLES))
def test_it_keeps_every_risk_mean_share_and_bound_in_the_unit_interval(
    threshold: int, responses: list[Answers]
) -> None:
    scores = score_survey(property_survey(threshold), responses)
    assert all(0 <= figure <= 1 for figure in bounded_figures(scores) if figure is not None)


@given(thresholds, responses_from(ALL_ROLES), st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_responses(threshold: int, responses: list[Answers], shuffler: random.Random) -> None:
    shuffled = list(responses)
    shuffler.shuffle(shuffled)
    design = property_survey(threshold)
    assert score_survey(design, responses) == score_survey(design, shuffled)


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
    original, reversed_scores = score_survey(design, responses), score_survey(reversed_design, reversed_responses)
    # Only the item's own answer counts turn around; every other figure stays.
    assert_same_figures(without_items(original), without_items(reversed_scores))


def without_items(scores: SurveyScores) -> SurveyScores:
    modes = tuple(
        replace(mode, roles={role: replace(figures, items=()) for role, figures in mode.roles.items()})
        for mode in scores.modes
    )
    return replace(scores, modes=modes)


@given(thresholds, responses_from(ROLES), st.data())
def test_it_lets_no_figure_depend_on_a_role_below_the_threshold(
    threshold: int, responses: list[Answers], data: st.DataObject
) -> None:
    hidden = data.draw(st.lists(responses_of(OPERATOR), max_size=threshold - 1))
    design = property_survey(threshold)
    alone, together = score_survey(design, responses), score_survey(design, responses + hidden)
    assert together.roles[OPERATOR] == RoleCount(len(hidden), reportable=False)
    # Only the hidden role's own count may differ, and it is put back before comparing.
    assert alone == replace(together, roles={**together.roles, OPERATOR: alone.roles[OPERATOR]})


@given(thresholds, responses_from(ALL_ROLES))
def test_it_withholds_exactly_when_no_role_reaches_the_threshold(threshold: int, responses: list[Answers]) -> None:
    scores = score_survey(property_survey(threshold), responses)
    nobody = all(count.submitted < threshold for count in scores.roles.values())
    assert scores.withheld is nobody
    if nobody:
        assert (scores.modes, scores.health_index) == ((), None)


# --- Agreement with a literal reading of scoring.md, in exact fractions -----------------------


def literal_t(df: Fraction | int) -> float:
    return t_quantile_975(float(df))


def literal_role_mode(
    design: SurveyDesign, responses: list[Answers], role: str, mode: str
) -> tuple[int, Fraction, Fraction] | None:
    """n, the mean of R(p, f) and its sample variance, or None when fewer than k answered."""
    items = [q for q in design.questions if q.role == role and q.mode == mode and q.kind == LIKERT]
    risks = []
    for response in (r for r in responses if r.role == role):
        answered = [item_risk(response.values[q.key], q.polarity or "") for q in items if q.key in response.values]
        if answered:
            risks.append(sum(answered, Fraction(0)) / len(answered))
    if len(risks) < design.threshold:
        return None
    mean = sum(risks, Fraction(0)) / len(risks)
    variance = sum(((r - mean) ** 2 for r in risks), Fraction(0)) / (len(risks) - 1)
    return len(risks), mean, variance


def literal_shares(design: SurveyDesign, responses: list[Answers], role: str, mode: str) -> tuple[Fraction, ...]:
    """Favourable and unfavourable shares and the don't-know rate, answer by answer."""
    items = [q for q in design.questions if q.role == role and q.mode == mode and q.kind == LIKERT]
    mine = [r for r in responses if r.role == role]
    healthy = [
        r.values[q.key] if q.polarity == POSITIVE else 6 - r.values[q.key]
        for r in mine
        for q in items
        if q.key in r.values
    ]
    slots = len(items) * len(mine)
    return (
        Fraction(sum(h >= 4 for h in healthy), len(healthy)),
        Fraction(sum(h <= 2 for h in healthy), len(healthy)),
        Fraction(slots - len(healthy), slots),
    )


def literal_welch(
    a: tuple[int, Fraction, Fraction], b: tuple[int, Fraction, Fraction], gap: Fraction
) -> tuple[float, float]:
    (n_a, _, var_a), (n_b, _, var_b) = a, b
    se2 = var_a / n_a + var_b / n_b
    if se2 == 0:
        return float(gap), float(gap)
    df = se2**2 / ((var_a / n_a) ** 2 / (n_a - 1) + (var_b / n_b) ** 2 / (n_b - 1))
    half = literal_t(df) * math.sqrt(se2)
    return float(gap) - half, float(gap) + half


def literal_mode(
    design: SurveyDesign, responses: list[Answers], mode: str, reportable: list[str]
) -> tuple[object, ...]:
    """scoring.md, "Per mode", in survey order, every decision on exact fractions."""
    stats = {role: literal_role_mode(design, responses, role, mode) for role in reportable}
    shown = {role: figures for role, figures in stats.items() if figures is not None}
    withheld = tuple(role for role, figures in stats.items() if figures is None)
    if not shown:
        return None, None, None, None, None, False, withheld
    means = {role: figures[1] for role, figures in shown.items()}
    overall = sum(means.values(), Fraction(0)) / len(means)
    level = "low" if overall < Fraction(3, 8) else "moderate" if overall < Fraction(5, 8) else "high"
    if len(means) < 2:
        return float(overall), level, None, None, None, False, withheld
    lowest = next(role for role in means if means[role] == min(means.values()))
    highest = next(role for role in means if means[role] == max(means.values()))
    gap = means[highest] - means[lowest]
    interval = (0.0, 0.0) if lowest == highest else literal_welch(shown[lowest], shown[highest], gap)
    misaligned = gap >= Fraction(1, 4) and interval[0] > 0
    return float(overall), level, float(gap), (lowest, highest), interval, misaligned, withheld


@given(thresholds, responses_from(ALL_ROLES))
def test_it_agrees_with_a_literal_reading_of_the_specification(threshold: int, responses: list[Answers]) -> None:
    design = property_survey(threshold)
    scores = score_survey(design, responses)
    reportable = [role for role in ALL_ROLES if sum(r.role == role for r in responses) >= threshold]
    assume(not scores.withheld)
    for mode in scores.modes:
        expected = literal_mode(design, responses, mode.key, reportable)
        actual = (mode.overall_risk, mode.level, mode.gap, mode.gap_roles, mode.gap_ci95, mode.misaligned)
        # Decisions exactly; floats to 1e-12.
        assert (actual[1], actual[3], actual[5], mode.withheld_roles) == (*expected[1:4:2], expected[5], expected[6])
        assert close(actual, expected[:6])
        for role, figures in mode.roles.items():
            literal = literal_role_mode(design, responses, role, mode.key)
            assert literal is not None
            n, mean, variance = literal
            half = literal_t(n - 1) * math.sqrt(variance) / math.sqrt(n)
            ci = (max(0.0, float(mean) - half), min(1.0, float(mean) + half))
            favourable, unfavourable, dont_know = literal_shares(design, responses, role, mode.key)
            assert (figures.n, figures.mean_exact, figures.variance_exact) == (n, mean, variance)
            assert figures.mean_risk == float(mean)
            assert (figures.favourable, figures.unfavourable) == (float(favourable), float(unfavourable))
            assert figures.dont_know_rate == float(dont_know)
            assert close((figures.sd, figures.ci95), (math.sqrt(variance), ci))
    overall = [Fraction(m.overall_risk) for m in scores.modes if m.overall_risk is not None]
    if overall:
        assert close(scores.health_index, float(100 * (1 - sum(overall) / len(overall))))


def test_the_mode_score_keeps_the_exact_overall_risk_beside_the_float() -> None:
    mode: ModeScore = score_survey(one_item_per_role(), answering(SCIENTIST, 4, 3, 3)).modes[0]
    # Risks 1/4, 1/2 and 1/2.
    assert mode.overall_exact == Fraction(5, 12)
    assert mode.overall_risk == float(Fraction(5, 12))
