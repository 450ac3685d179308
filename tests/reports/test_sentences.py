"""Tests of reports.sentences: the summary says how sure it is, and never more than the data can tell."""

from collections.abc import Mapping, Sequence
from fractions import Fraction

from reports.report_sections import RoleLine
from reports.scoring import NEGATIVE, Answers, Question, SurveyDesign, SurveyScores, score_survey
from reports.sentences import (
    LOW_RESPONSE_WARNING,
    NO_CONFIRMED_GAP,
    NO_GAP_POSSIBLE,
    PERCEPTION_SENTENCE,
    Summary,
    estimate,
    highest_risk_modes,
    participation_sentence,
    summary_build,
)
from surveys.selectors.participation import RoleParticipation

ROLES = ("data_scientist", "engineer", "product_manager")
TITLES = {"data_scientist": "Data scientist", "engineer": "Engineer", "product_manager": "Product manager"}
MODES = ("glue", "drift", "shelfware")
MODE_TITLES = {"glue": "Glue code", "drift": "Data drift", "shelfware": "Shelfware"}

# Answers per role and mode, one value per respondent (None: "don't know"); each role has one
# item per mode, worded so that agreeing points at the risk: 1 is risk 0 and 5 is risk 1.
Plan = Mapping[str, Mapping[str, Sequence[int | None]]]


def _scores(plan: Plan, *, threshold: int = 3) -> SurveyScores:
    roles = tuple(role for role in ROLES if role in plan)
    design = SurveyDesign(
        roles=roles,
        modes=MODES,
        questions=tuple(Question(f"{mode}_{role}", role, mode, "likert", NEGATIVE) for role in roles for mode in MODES),
        threshold=threshold,
    )
    answers = []
    for role, by_mode in plan.items():
        people = max(len(values) for values in by_mode.values())
        for person in range(people):
            values = {f"{mode}_{role}": by_mode[mode][person] for mode in by_mode if person < len(by_mode[mode])}
            answers.append(Answers(role, {key: value for key, value in values.items() if value is not None}))
    return score_survey(design, answers)


def _roles(scores: SurveyScores, invited: Mapping[str, int] | None = None) -> tuple[RoleLine, ...]:
    return tuple(
        RoleLine(
            role,
            TITLES[role],
            count.reportable,
            RoleParticipation(role, (invited or {}).get(role, count.submitted), count.submitted, 0, 0),
        )
        for role, count in scores.roles.items()
    )


def _summary(plan: Plan, *, invited: Mapping[str, int] | None = None) -> Summary:
    scores = _scores(plan)
    return summary_build(scores=scores, roles=_roles(scores, invited), mode_titles=MODE_TITLES, threshold=3)


def _everywhere(values: Sequence[int | None]) -> dict[str, Sequence[int | None]]:
    return dict.fromkeys(MODES, values)


CALM = [1, 2, 1, 2, 1, 2, 1, 2]  # risk 0 to 0.25, around 0.12
TENSE = [5, 4, 5, 4, 5, 4, 5, 4]  # risk 0.75 to 1, around 0.88
SPREAD = [1, 5, 3]  # three people who see it all differently


def test_it_names_one_mode_at_the_highest_risk_when_its_interval_sets_it_apart() -> None:
    summary = _summary({"data_scientist": {"glue": TENSE, "drift": CALM, "shelfware": CALM}})
    assert summary.risks == (
        "“Glue code” is at the highest risk, high: 0.88, between 0.76 and 0.99, from 8 data scientists. "
        "Its interval overlaps no other failure mode's, so the data sets it apart.",
    )


def test_it_names_modes_whose_intervals_overlap_together_as_tied_in_questionnaire_order() -> None:
    summary = _summary({"data_scientist": {"glue": [3, 4, 5], "drift": TENSE, "shelfware": CALM}})
    assert summary.risks[0].startswith("2 failure modes are tied at the highest risk")
    assert summary.risks[1].startswith("“Glue code”, high risk: 0.75, between")
    assert summary.risks[2].startswith("“Data drift”, high risk: 0.88, between 0.76 and 0.99")
    assert len(summary.risks) == 3


def test_it_ties_a_mode_that_reaches_into_the_highest_one_s_interval_even_at_a_lower_level() -> None:
    scores = _scores({"data_scientist": {"glue": TENSE, "drift": SPREAD, "shelfware": CALM}})
    assert [mode.key for mode in highest_risk_modes(scores.modes)] == ["glue", "drift"]


def test_it_says_no_mode_reaches_moderate_risk_with_the_exact_cut_point() -> None:
    summary = _summary({"data_scientist": {"glue": CALM, "drift": CALM, "shelfware": CALM}})
    assert summary.risks[0] == "No failure mode reaches moderate risk (0.375 or more)."


def test_it_states_a_disagreement_when_scoring_calls_it_misaligned() -> None:
    summary = _summary({"data_scientist": {"glue": CALM, "drift": CALM}, "engineer": {"glue": TENSE, "drift": CALM}})
    assert summary.gaps == (
        "Engineers see more risk in “Glue code” than data scientists: 0.88, between 0.76 and 0.99, from 8 "
        "engineers, against 0.13, between 0.01 and 0.24, from 8 data scientists. The gap of 0.75 lies between "
        "0.61 and 0.89, so the data tells the two roles apart.",
    )


def test_it_calls_a_wide_gap_too_uncertain_when_its_interval_includes_zero() -> None:
    scores = _scores({"data_scientist": {"glue": [1, 3, 2]}, "engineer": {"glue": [1, 5, 4]}})
    glue = scores.modes[0]
    assert glue.gap is not None
    assert glue.gap >= 0.25
    assert not glue.misaligned
    summary = summary_build(scores=scores, roles=_roles(scores), mode_titles=MODE_TITLES, threshold=3)
    assert summary.gaps[0] == NO_CONFIRMED_GAP
    assert "too uncertain to say that they disagree" in summary.gaps[1]
    assert "see more risk" not in " ".join(summary.gaps)


def test_it_says_no_gap_can_be_measured_with_one_role() -> None:
    assert _summary({"data_scientist": {"glue": CALM}}).gaps == (NO_GAP_POSSIBLE,)


def test_it_warns_when_fewer_than_60_percent_of_those_invited_answered() -> None:
    summary = _summary({"data_scientist": {"glue": CALM}, "engineer": {"glue": SPREAD}}, invited={"engineer": 6})
    assert summary.participation == (
        "Data scientists: 8 of 8 invited answered (100%).",
        f"Engineers: 3 of 6 invited answered (50%). {LOW_RESPONSE_WARNING}",
    )


def test_it_does_not_warn_at_exactly_60_percent() -> None:
    role = RoleLine("engineer", "Engineer", True, RoleParticipation("engineer", 5, 3, 0, 0))
    assert participation_sentence(role) == "Engineers: 3 of 5 invited answered (60%)."


def test_it_counts_open_link_and_imported_answers_apart_from_the_response_rate() -> None:
    role = RoleLine("engineer", "Engineer", True, RoleParticipation("engineer", 4, 6, 1, 2))
    assert participation_sentence(role) == (
        "Engineers: 3 of 4 invited answered (75%), and 1 through the open link and 2 imported."
    )


def test_it_has_no_response_rate_without_personal_invitations() -> None:
    role = RoleLine("engineer", "Engineer", True, RoleParticipation("engineer", None, 4, 4, 0))
    assert participation_sentence(role) == (
        "Engineers: 4 responses, of which 4 through the open link; with no personal invitations there is no "
        "response rate."
    )


def test_it_names_a_role_below_the_threshold_and_bases_the_health_index_on_the_others() -> None:
    summary = _summary(
        {"data_scientist": _everywhere(CALM), "engineer": _everywhere(SPREAD), "product_manager": _everywhere([1, 2])}
    )
    assert summary.hidden == (
        "Product managers are left out of every figure: 2 responses, fewer than the anonymity threshold of 3.",
    )
    assert summary.health.endswith(
        "from 8 data scientists and 3 engineers. It is based on 2 of 3 roles: product managers are left out."
    )


def test_it_names_the_modes_a_role_is_left_out_of_and_why() -> None:
    few = [1, 2, None, None, None, None, None, None]
    summary = _summary({"data_scientist": {"glue": CALM, "drift": few, "shelfware": CALM}})
    assert summary.hidden == ("Data scientists are left out of “Data drift”: fewer than 3 of them answered that part.",)


def test_it_prints_the_health_index_as_a_whole_number() -> None:
    summary = _summary({"data_scientist": {"glue": [1, 2, 2, 2], "drift": [1, 1, 1, 1], "shelfware": [1, 1, 1, 1]}})
    # Risks 3/16, 0 and 0: the index is 100 * (1 - 1/16) = 93.75.
    assert summary.health.startswith("The health index is 94 out of 100")


def test_it_says_once_that_the_figures_are_perceptions() -> None:
    assert _summary({"data_scientist": {"glue": CALM}}).perception == PERCEPTION_SENTENCE


def test_an_estimate_reads_as_a_figure_its_interval_and_whom_it_comes_from() -> None:
    assert estimate(0.61, (0.49, 0.73), "8 data scientists") == "0.61, between 0.49 and 0.73, from 8 data scientists"


def test_an_estimate_without_spread_says_everyone_answered_alike() -> None:
    assert estimate(0.5, (0.5, 0.5), "3 engineers") == "0.50, from 3 engineers, all of whom answered alike"


def test_an_estimate_rounds_half_up_like_every_other_figure() -> None:
    assert estimate(float(Fraction(1, 8)), (0.0, 0.625), "3 engineers").startswith("0.13, between 0.00 and 0.63")
