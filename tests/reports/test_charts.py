"""Tests of reports.charts: plain SVG whose labels are text, drawn from the figures given."""

import re

from reports.charts import BAR_HALF, GAP_LABEL_WIDTH, GAP_PLOT_WIDTH, gap_chart_svg, item_bar_svg
from reports.report_sections import ItemDistribution, ModeSection, RoleFigures, RoleLine
from reports.scoring import NEGATIVE, POSITIVE

ENGINEER = RoleLine("engineer", "Engineer", 4, 4, True)
MANAGER = RoleLine("product_manager", "Product <manager>", 3, 3, True)


def _item(counts: tuple[int, ...], dont_know: int = 0, polarity: str = POSITIVE) -> ItemDistribution:
    return ItemDistribution("item", "engineer", "Engineer", "We ship.", polarity, counts, dont_know)


def _mode(title: str, figures: tuple[RoleFigures, ...]) -> ModeSection:
    return ModeSection(
        "mode", title, "organization", "", "", (), 0.5, "high", None, False, figures, (), (), 0
    )  # fmt: skip


def _figures(role: RoleLine, mean: float, low: float, high: float) -> RoleFigures:
    return RoleFigures(role.key, role.title, 4, mean, 0.1, low, high, 0.0, 0.5)


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
    assert 'fill="#2166ac"' in healthy
    assert 'fill="#b2182b"' in at_risk


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
    ]
    assert not any("style=" in svg for svg in svgs)
