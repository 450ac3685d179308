"""Tests of reports.sentences: the summary's sentences read right at the edges of the figures."""

from typing import Any

from reports.report_sections import RoleLine
from reports.scoring import MISALIGNED_FROM, MODERATE_FROM
from reports.sentences import Summary, summary_build

ROLES = (
    RoleLine("data_scientist", "Data scientist", None, 5, True),
    RoleLine("engineer", "Engineer", None, 5, True),
)


def _mode(title: str, scientists: float, engineers: float) -> dict[str, Any]:
    """A failure mode as export_scores gives it, for two roles; ties name the first role twice."""
    low, high = ("engineer", "data_scientist") if engineers < scientists else ("data_scientist", "engineer")
    if scientists == engineers:
        low = high = "data_scientist"
    overall = (scientists + engineers) / 2
    gap = abs(scientists - engineers)
    role = {"n": 5, "sd": None, "ci95": None, "dont_know_rate": 0.0, "rwg_j": None}
    return {
        "key": title.lower(),
        "title": title,
        "overall_risk": overall,
        "level": "low" if overall < MODERATE_FROM else "moderate" if overall < 0.5 else "high",
        "gap": gap,
        "gap_roles": [low, high],
        "misaligned": gap >= MISALIGNED_FROM,
        "roles": {"data_scientist": role | {"mean_risk": scientists}, "engineer": role | {"mean_risk": engineers}},
    }


def _summary(*modes: dict[str, Any]) -> Summary:
    document = {"withheld": False, "health_index": 50.0, "failure_modes": list(modes)}
    return summary_build(document=document, roles=ROLES, threshold=3)


def test_it_says_every_role_rates_a_risky_mode_the_same_when_their_means_are_equal() -> None:
    assert _summary(_mode("Glue code", 0.5, 0.5)).risks == (
        "“Glue code” is at high risk: 0.50 overall, the same for every role shown.",
    )


def test_it_says_there_is_no_gap_when_every_role_rates_the_widest_mode_the_same() -> None:
    assert _summary(_mode("Glue code", 0.1, 0.1)).gaps == (
        "No two roles differ by 0.25 or more on any failure mode. "
        "Every role shown rates “Glue code” at 0.10: no gap at all.",
    )


def test_it_says_a_risk_printed_as_moderate_is_still_below_it() -> None:
    # Levels start at 3/8, which prints as 0.38; 0.2 and 0.5492 average to 0.3746.
    assert _summary(_mode("Glue code", 0.2, 0.5492)).risks == (
        "No failure mode reaches moderate risk (0.38); the highest is “Glue code” at 0.37.",
    )


def test_it_says_a_gap_printed_as_misaligned_is_still_below_it() -> None:
    assert _summary(_mode("Glue code", 0.5, 0.2504)).gaps == (
        "No two roles differ by 0.25 or more on any failure mode. Data scientists rate “Glue code” at 0.50 "
        "and engineers at 0.25: a gap of 0.25 (rounded up from just below 0.25).",
    )


def test_it_names_both_ends_of_a_gap_between_different_means() -> None:
    assert _summary(_mode("Glue code", 0.25, 0.75)).risks == (
        "“Glue code” is at high risk: 0.50 overall, from 0.25 (data scientists) to 0.75 (engineers).",
    )
