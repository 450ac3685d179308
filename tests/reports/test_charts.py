"""Tests of reports.charts: plain SVG whose labels are text, drawn from the figures given."""

import re
from fractions import Fraction

import pytest

from reports.charts import (
    BAR_HALF,
    GAP_LABEL_WIDTH,
    GAP_PLOT_WIDTH,
    HEALTH_SIDE,
    RISK_SIDE,
    SHARES_WIDTH,
    gap_chart_svg,
    item_bar_svg,
    shares_bar_svg,
)
from reports.report_sections import ItemDistribution, ModeSection, RoleCell, RoleLine
from reports.scoring import NEGATIVE, POSITIVE, ModeScore, RoleModeScore
from surveys.selectors.participation import RoleParticipation

ENGINEER = RoleLine("engineer", "Engineer", True, RoleParticipation("engineer", 4, 4, 0, 0))
MANAGER = RoleLine("product_manager", "Product <manager>", True, RoleParticipation("product_manager", 3, 3, 0, 0))

Counts = tuple[int, int, int, int, int]


def _item(counts: Counts | None, dont_know: int = 0, polarity: str = POSITIVE) -> ItemDistribution:
    return ItemDistribution("item", "engineer", "Engineer", "We ship.", polarity, counts, dont_know)


def _score(mean: float, low: float, high: float, favourable: float = 0.5, unfavourable: float = 0.25) -> RoleModeScore:
    exact = Fraction(mean)
    return RoleModeScore(4, mean, 0.1, (low, high), favourable, unfavourable, 0.0, 0.5, (), exact, Fraction(1, 100))


def _mode(title: str, cells: tuple[RoleCell, ...]) -> ModeSection:
    roles = {cell.role.key: cell.score for cell in cells if cell.score is not None}
    score = ModeScore("mode", 0.5, "high", None, None, None, False, (), roles)
    return ModeSection("mode", title, "organization", "", "", (), score, cells, (), (), 0)


def _figures(role: RoleLine, mean: float, low: float, high: float) -> RoleCell:
    return RoleCell(role, _score(mean, low, high))


def _rects(svg: str) -> list[tuple[float, float]]:
    return [
        (float(x), float(width)) for x, width in re.findall(r'<rect x="([\d.-]+)" y="[\d.]+" width="([\d.]+)"', svg)
    ]


def test_it_draws_disagreement_left_of_the_centre_line() -> None:
    [(x, width)] = _rects(item_bar_svg(item=_item((2, 0, 0, 0, 0))))
    assert x + width == BAR_HALF


def test_it_draws_agreement_right_of_the_centre_line() -> None:
    [(x, _width)] = _rects(item_bar_svg(item=_item((0, 0, 0, 0, 3))))
    assert x == BAR_HALF


def test_it_centres_the_neutral_answers_on_the_line() -> None:
    [(x, width)] = _rects(item_bar_svg(item=_item((0, 0, 2, 0, 0))))
    assert x + width / 2 == BAR_HALF


def test_it_labels_segments_and_dont_know_with_counts_as_text() -> None:
    svg = item_bar_svg(item=_item((0, 0, 0, 5, 0), dont_know=2))
    assert ">5</text>" in svg
    assert "don&#x27;t know: 2</text>" in svg


def test_it_colours_agreement_as_risk_when_agreeing_means_at_risk() -> None:
    healthy = item_bar_svg(item=_item((0, 0, 0, 0, 3), polarity=POSITIVE))
    at_risk = item_bar_svg(item=_item((0, 0, 0, 0, 3), polarity=NEGATIVE))
    assert f'fill="{HEALTH_SIDE[1]}"' in healthy
    assert f'fill="{RISK_SIDE[0]}"' in at_risk


def test_it_draws_every_label_at_8pt_or_more_and_no_wider_than_the_page() -> None:
    svg = item_bar_svg(item=_item((1, 2, 3, 4, 5), dont_know=2))
    sizes = {float(size) for size in re.findall(r'font-size="([0-9.]+)"', svg)}
    # CSS pixels print at 0.75pt; the A4 text width is 672 px.
    assert min(sizes) * 0.75 >= 8
    assert float(re.search(r'width="([0-9.]+)"', svg).group(1)) <= 672  # type: ignore[union-attr]


def test_it_draws_nothing_but_dont_know_when_nobody_answered() -> None:
    svg = item_bar_svg(item=_item((0, 0, 0, 0, 0), dont_know=4))
    assert _rects(svg) == []
    assert "don&#x27;t know: 4" in svg


def test_it_places_each_role_s_mean_on_the_risk_axis() -> None:
    svg = gap_chart_svg(modes=[_mode("Backlog", (_figures(ENGINEER, 0.5, 0.4, 0.6),))], roles=[ENGINEER])
    assert f'cx="{GAP_LABEL_WIDTH + 0.5 * GAP_PLOT_WIDTH:.1f}"' in svg


def test_it_labels_modes_and_roles_with_escaped_text() -> None:
    figures = (_figures(ENGINEER, 0.5, 0.4, 0.6), _figures(MANAGER, 0.2, 0.1, 0.3))
    svg = gap_chart_svg(modes=[_mode("Backlog & <b>jungle</b>", figures)], roles=[ENGINEER, MANAGER])
    assert ">Backlog &amp; &lt;b&gt;jungle&lt;/b&gt;</text>" in svg
    assert ">Product &lt;manager&gt;</text>" in svg


def test_it_never_uses_style_attributes_which_the_csp_forbids() -> None:
    figures = (_figures(ENGINEER, 0.5, 0.4, 0.6),)
    svgs = [
        gap_chart_svg(modes=[_mode("Backlog", figures)], roles=[ENGINEER]),
        item_bar_svg(item=_item((1, 2, 3, 4, 5))),
        shares_bar_svg(score=_score(0.5, 0.4, 0.6), role_title="Engineer"),
    ]
    assert not any("style=" in svg for svg in svgs)


def test_it_leaves_a_role_withheld_on_a_mode_off_that_mode_s_line() -> None:
    svg = gap_chart_svg(modes=[_mode("Backlog", (RoleCell(ENGINEER, None),))], roles=[ENGINEER])
    # One circle is left: the legend's.
    assert svg.count("<circle") == 1


def test_it_refuses_to_draw_an_item_whose_counts_are_withheld() -> None:
    with pytest.raises(ValueError, match="withheld"):
        item_bar_svg(item=_item(None))


def test_it_draws_favourable_neutral_and_unfavourable_shares_left_to_right() -> None:
    svg = shares_bar_svg(score=_score(0.5, 0.4, 0.6, favourable=0.5, unfavourable=0.25), role_title="Engineer")
    assert _rects(svg) == [(0.0, SHARES_WIDTH / 2), (SHARES_WIDTH / 2, SHARES_WIDTH / 4), (0.75 * SHARES_WIDTH, 50.0)]
    assert ">50%</text>" in svg
    assert 'aria-label="Engineer: favourable 50%, neutral 25%, unfavourable 25%"' in svg


def test_it_draws_the_level_bands_from_three_eighths_and_five_eighths() -> None:
    svg = gap_chart_svg(modes=[_mode("Backlog", (_figures(ENGINEER, 0.5, 0.4, 0.6),))], roles=[ENGINEER])
    assert f'<rect x="{GAP_LABEL_WIDTH + 0.375 * GAP_PLOT_WIDTH:.1f}"' in svg
    assert f'<rect x="{GAP_LABEL_WIDTH + 0.625 * GAP_PLOT_WIDTH:.1f}"' in svg
    assert ">low, below 0.375</text>" in svg
