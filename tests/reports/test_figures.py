"""Tests of reports.figures: one rounding rule for every page, the PDF and the sentences."""

from fractions import Fraction

import pytest
from django.template import Context, Template

from reports.charts import shares_bar_svg
from reports.figures import MISSING_FIGURE, change_text, figure_text, interval_text, percent_text, whole_text
from reports.scoring import RoleModeScore
from reports.sentences import estimate

EIGHTH = 0.125  # exactly an eighth in binary: where half-even and half-up rounding part ways


def _rendered(source: str, value: object) -> str:
    return Template("{% load report_figures %}" + source).render(Context({"value": value}))


def test_it_rounds_an_exact_half_up() -> None:
    assert figure_text(EIGHTH) == "0.13"


def test_it_rounds_the_exact_value_of_a_float_not_its_shortest_repr() -> None:
    # 0.145 is stored as 0.14499999999999999001..., which rounds down.
    assert figure_text(0.145) == "0.14"


def test_it_prints_an_eighth_the_same_in_a_template_a_sentence_and_a_chart() -> None:
    score = RoleModeScore(3, EIGHTH, 0.1, (0.0, 0.5), EIGHTH, EIGHTH, 0.0, None, (), Fraction(1, 8), Fraction(0))
    assert _rendered("{{ value|risk }}", EIGHTH) == "0.13"
    assert estimate(EIGHTH, (EIGHTH, 0.5), "3 engineers").startswith("0.13, between 0.13 and 0.50")
    assert _rendered("{{ value|percent }}", EIGHTH) == percent_text(EIGHTH) == "13%"
    assert "favourable 13%" in shares_bar_svg(score=score, role_title="Engineer")


def test_it_prints_a_fraction_exactly_rounded() -> None:
    assert figure_text(Fraction(3, 8), places=3) == "0.375"
    assert figure_text(Fraction(5, 8)) == "0.63"


def test_it_prints_the_health_index_as_a_whole_number_rounded_half_up() -> None:
    assert (whole_text(62.5), whole_text(62.4999), _rendered("{{ value|whole }}", 87.5)) == ("63", "62", "88")


def test_it_never_prints_a_negative_zero() -> None:
    assert figure_text(-0.001) == "0.00"


def test_it_prints_an_interval_as_its_two_bounds() -> None:
    assert interval_text((EIGHTH, 0.5)) == _rendered("{{ value|interval }}", (EIGHTH, 0.5)) == "0.13 to 0.50"


@pytest.mark.parametrize("formatter", [figure_text, whole_text, percent_text, interval_text])
def test_it_prints_a_dash_for_a_missing_figure(formatter: object) -> None:
    assert formatter(None) == MISSING_FIGURE  # type: ignore[operator]


def test_a_change_between_rounds_prints_with_its_sign_unless_it_prints_as_zero() -> None:
    assert [change_text(value) for value in (0.125, -0.2, 0.001, -0.001, 0.0, None)] == [
        "+0.13",
        "-0.20",
        "0.00",
        "0.00",
        "0.00",
        MISSING_FIGURE,
    ]
