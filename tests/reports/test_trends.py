"""The team's trend: each round's figures from its published results, and the chart that draws them."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.publishing import published_latest
from reports.selectors import survey_modes
from reports.trend_chart import FONT_SIZE, WIDTH, trend_chart_svg
from reports.trends import ModeTrend, TeamTrend, TrendPoint, team_trend
from surveys.models import Organization, Survey
from tests.factories import make_survey
from tests.support.answers import answers_at_risk
from tests.support.published import publish

SCIENTIST, ENGINEER = "data_scientist", "engineer"
SVG = "{http://www.w3.org/2000/svg}"
# A 390 px phone leaves 334 px inside the page's and a card's padding; 8 pt is 32/3 px.
PHONE_WIDTH, SMALLEST_PIXELS = 334, 8 * 4 / 3


def round_answered(acme: Organization, risk_value: int, *, title: str) -> Survey:
    survey = make_survey(acme, title=title)
    answers_at_risk(survey, SCIENTIST, 3, risk_value=risk_value)
    return survey


def trend_of(survey: Survey) -> TeamTrend:
    published = published_latest(survey=survey)
    assert published is not None
    return team_trend(survey=survey, published=published, modes=survey_modes(survey=survey))


@pytest.mark.django_db
def test_it_reads_each_earlier_round_from_its_latest_published_results(acme: Organization) -> None:
    first = round_answered(acme, 1, title="Round 1")
    publish(first)
    unpublished = round_answered(acme, 3, title="Round 2")
    third = round_answered(acme, 5, title="Round 3")
    publish(third)
    # Round 1's late members are published again before round 3 is read: its latest results count.
    answers_at_risk(first, SCIENTIST, 3, risk_value=5)
    latest_first = publish(first)
    later = round_answered(acme, 5, title="Round 4")
    publish(later)

    trend = trend_of(third)

    assert unpublished.round_number == 2
    assert trend.published == {1: latest_first.pk, 3: published_latest(survey=third).pk}  # type: ignore[union-attr]
    for mode in trend.modes:
        assert [(point.round_number, point.overall_risk) for point in mode.points] == [(1, 0.5), (3, 0.0)]
        assert [point.roles for point in mode.points] == [{SCIENTIST: 0.5}, {SCIENTIST: 0.0}]
    assert trend.role_titles[SCIENTIST] == "Data scientist"


@pytest.mark.django_db
def test_it_reads_the_trend_in_a_fixed_number_of_queries(acme: Organization) -> None:
    counts = []
    for rounds in (2, 5):
        for number in range(rounds):
            survey = round_answered(acme, 1 + number % 5, title=f"Round {number}")
            publish(survey)
        published = published_latest(survey=survey)
        assert published is not None
        modes = survey_modes(survey=survey)
        with CaptureQueriesContext(connection) as queries:
            team_trend(survey=survey, published=published, modes=modes)
        counts.append(len(queries))

    assert counts == [3, 3]


# --- The chart --------------------------------------------------------------------------------

TITLES = {SCIENTIST: "Data scientist", ENGINEER: "Engineer <ML>", "product_manager": "Product manager"}
TREND = ModeTrend(
    "shelfware",
    "Shelfware",
    (
        TrendPoint(1, 0.6875, "high", {SCIENTIST: 0.5, ENGINEER: 0.875}),
        TrendPoint(2, 0.5, "moderate", {SCIENTIST: 0.5}),
        TrendPoint(3, None, None, {}),
        TrendPoint(4, 0.3125, "low", {SCIENTIST: 0.25, ENGINEER: 0.375}),
    ),
)


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own chart, not untrusted input.


def texts(svg: str) -> list[str]:
    return [element.text or "" for element in parsed(svg).iter(f"{SVG}text")]


def test_the_chart_labels_round_numbers_and_overall_figures_in_real_text() -> None:
    words = texts(trend_chart_svg(trend=TREND, role_titles=TITLES))

    assert {"1", "2", "3", "4", "Round"} <= set(words)
    assert {"0.69", "0.31", "none"} <= set(words)
    assert {"high", "moderate", "low"} <= set(words)


def test_the_legend_names_the_overall_line_and_each_role_shown_in_some_round() -> None:
    words = texts(trend_chart_svg(trend=TREND, role_titles=TITLES))

    assert "Overall (all roles shown)" in words
    assert {"Data scientist", "Engineer <ML>"} <= set(words)
    # A role shown in no round is not in the legend.
    assert "Product manager" not in words


def test_the_chart_tells_roles_apart_by_line_and_marker_shape_not_by_colour_only() -> None:
    root = parsed(trend_chart_svg(trend=TREND, role_titles=TITLES))

    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    # The data scientists' line from round 1 to 2 and both roles' legend lines; nothing is drawn
    # across round 3, which has no figure, and the engineers were not shown in round 2.
    assert len(dashed) == 3
    # Data scientists are circles and engineers squares; the overall line's marks are rings.
    assert {element.tag for element in root} >= {f"{SVG}circle", f"{SVG}rect"}
    rings = [circle for circle in root.iter(f"{SVG}circle") if circle.get("fill") == "#fff"]
    assert len(rings) == 3 + 1


def test_every_label_stays_at_least_8_points_on_a_phone() -> None:
    svg = trend_chart_svg(trend=TREND, role_titles=TITLES)

    sizes = [float(size) for size in re.findall(r'font-size="([0-9.]+)"', svg)]
    assert min(sizes) == FONT_SIZE
    assert FONT_SIZE * PHONE_WIDTH / WIDTH >= SMALLEST_PIXELS
    assert f'viewBox="0 0 {WIDTH} ' in svg


def test_the_chart_says_every_rounds_figure_in_words() -> None:
    label = parsed(trend_chart_svg(trend=TREND, role_titles=TITLES)).get("aria-label")

    assert label == (
        "Shelfware: overall risk by round: round 1 0.69 (high), round 2 0.50 (moderate), round 3 no figure, "
        "round 4 0.31 (low)"
    )
