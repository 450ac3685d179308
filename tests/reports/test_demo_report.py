"""The demo report's summary, read as a VP reads it, against the intervals behind it.

A literal check, mode by mode, of what the summary may say (product.md, "The report"): it names
together every mode the data cannot tell apart from the highest, calls roles at odds only where
scoring says misaligned, and gives every figure its interval and its people.
"""

import re

import pytest

from reports.documents import ReportData
from surveys.services.demo import demo_seed
from tests.support.published import report_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> ReportData:
    return report_of(demo_seed().survey)


def _named(sentences: tuple[str, ...], demo: ReportData) -> set[str]:
    text = " ".join(sentences)
    return {mode.key for mode in demo.modes if f"“{mode.title}”" in text}


def test_the_summary_names_exactly_the_modes_tied_with_the_highest(demo: ReportData) -> None:
    scored = [mode for mode in demo.scores.modes if mode.overall_exact is not None and mode.overall_ci95]
    top = max(scored, key=lambda mode: mode.overall_exact or 0)
    assert top.overall_ci95 is not None
    tied = {
        mode.key
        for mode in scored
        if mode.overall_ci95 is not None
        and mode.overall_ci95[0] <= top.overall_ci95[1]
        and top.overall_ci95[0] <= mode.overall_ci95[1]
    }
    assert _named(demo.summary.risks, demo) == tied


def test_the_summary_calls_roles_at_odds_only_where_scoring_says_misaligned(demo: ReportData) -> None:
    at_odds = tuple(sentence for sentence in demo.summary.gaps if "see more risk in" in sentence)
    assert _named(at_odds, demo) == {mode.key for mode in demo.scores.modes if mode.misaligned}


def test_every_figure_in_the_summary_comes_with_its_interval_and_its_people(demo: ReportData) -> None:
    for sentence in (*demo.summary.risks, *demo.summary.gaps):
        figures = re.findall(r"\b[01]\.\d\d\b", sentence)
        if figures:
            assert "between" in sentence or "answered alike" in sentence, sentence
            assert re.search(r"from \d+ ", sentence), sentence


def test_the_summary_says_who_answered_and_who_is_left_out(demo: ReportData) -> None:
    assert len(demo.summary.participation) == len(demo.roles)
    hidden = [role for role in demo.roles if not role.reportable]
    for role in hidden:
        assert any(
            sentence.startswith(f"{role.title}s are left out of every figure") for sentence in demo.summary.hidden
        )
    if hidden:
        assert f"based on {len(demo.roles) - len(hidden)} of {len(demo.roles)} roles" in demo.summary.health
