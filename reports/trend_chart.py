"""The trend chart: one failure mode's overall risk, and each shown role's, round after round.

Plain SVG with real text, in reports.charts' style and with its helpers. Sized for a phone:
the chart is 360 units wide and its text 12 units high, so that squeezed into the 334 px a
390 px screen leaves inside a page's padding, text is still 11 px (8.3 pt); the PDF prints it
at 360 px, where 12 px is 9 pt. Nothing is told by colour alone: the overall line is solid,
black and labelled with its values; each role's is dashed, with its own marker shape, and the
legend names them all.
"""

import itertools
from collections.abc import Mapping, Sequence

from django.utils.safestring import SafeString

from reports.charts import ROLE_COLOURS, _line, _marker, _rect, _svg, _text
from reports.figures import figure_text
from reports.scoring import HIGH_FROM, MODERATE_FROM
from reports.trends import ModeTrend

WIDTH = 360
FONT_SIZE = 12
# The right margin holds the bands' words, clear of every point and its label.
LEFT, RIGHT, TOP = 40, 66, 20
PLOT_HEIGHT = 150
LEGEND_ROW = 20
# A rough width per character of the legend's text at FONT_SIZE, to wrap it onto rows.
CHARACTER_WIDTH = 7
OVERALL = "#111"


def trend_chart_svg(*, trend: ModeTrend, role_titles: Mapping[str, str]) -> SafeString:
    """The mode's overall risk per round (solid, labelled) and each shown role's (dashed)."""
    roles = [role for role in role_titles if any(role in point.roles for point in trend.points)]
    xs = _round_positions(len(trend.points))
    body = _axes(trend, xs)
    for position, role in enumerate(roles):
        colour = ROLE_COLOURS[position % len(ROLE_COLOURS)]
        values = [point.roles.get(role) for point in trend.points]
        body += _series(xs, values, colour, width=1.5, dashed=True)
        body += [
            _marker(position, x, _y(value), colour) for x, value in zip(xs, values, strict=True) if value is not None
        ]
    overall = [point.overall_risk for point in trend.points]
    body += _series(xs, overall, OVERALL, width=2.5, dashed=False)
    for x, value in zip(xs, overall, strict=True):
        if value is None:
            # Published, but withheld or with no role shown on the mode: said, not left blank.
            body.append(_text(x, TOP + PLOT_HEIGHT - 6, "none", size=FONT_SIZE, anchor="middle", fill="#555"))
        else:
            body.append(_ring(x, _y(value)))
            # Beside the point, not above it: the roles' markers share its column.
            body.append(_text(x + 7, _y(value) - 5, figure_text(value), size=FONT_SIZE, fill=OVERALL))
    legend, legend_height = _legend(roles, role_titles, TOP + PLOT_HEIGHT + 52)
    return _svg(WIDTH, TOP + PLOT_HEIGHT + 52 + legend_height, _label(trend), body + legend)


def _round_positions(count: int) -> list[float]:
    plot = WIDTH - LEFT - RIGHT
    return [LEFT + plot * (index + 0.5) / count for index in range(count)]


def _y(risk: float) -> float:
    return TOP + (1 - risk) * PLOT_HEIGHT


def _risk_at(y: float) -> float:
    """The inverse of _y, so that the legend draws its lines as the series do."""
    return 1 - (y - TOP) / PLOT_HEIGHT


def _axes(trend: ModeTrend, xs: Sequence[float]) -> list[str]:
    right = WIDTH - RIGHT
    body = [
        _rect(LEFT, _y(float(HIGH_FROM)), right - LEFT, _y(float(MODERATE_FROM)) - _y(float(HIGH_FROM)), "#fbf3e4"),
        _rect(LEFT, _y(1), right - LEFT, _y(float(HIGH_FROM)) - _y(1), "#fbe7e4"),
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(_line(LEFT, _y(tick), right, _y(tick), "#bdbdbd", 0.5))
        body.append(_text(LEFT - 4, _y(tick) + 4, figure_text(tick), size=FONT_SIZE, anchor="end"))
    # The bands say their level in words: low below 3/8, high from 5/8 (scoring.md).
    for low, high, words in (
        (0.0, MODERATE_FROM, "low"),
        (MODERATE_FROM, HIGH_FROM, "moderate"),
        (HIGH_FROM, 1, "high"),
    ):
        middle = (_y(float(low)) + _y(float(high))) / 2 + 4
        body.append(_text(right + 4, middle, words, size=FONT_SIZE, fill="#555"))
    bottom = TOP + PLOT_HEIGHT
    body.append(_line(LEFT, bottom, right, bottom, "#333", 1))
    for x, point in zip(xs, trend.points, strict=True):
        body.append(_text(x, bottom + 17, str(point.round_number), size=FONT_SIZE, anchor="middle"))
    body.append(_text((LEFT + right) / 2, bottom + 34, "Round", size=FONT_SIZE, anchor="middle", fill="#444"))
    return body


def _series(
    xs: Sequence[float], values: Sequence[float | None], colour: str, *, width: float, dashed: bool
) -> list[str]:
    """A line between each two consecutive rounds that both have a figure."""
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    segments = []
    points = list(zip(xs, values, strict=True))
    for (x1, first), (x2, second) in itertools.pairwise(points):
        if first is not None and second is not None:
            segments.append(
                f'<line x1="{x1:.1f}" y1="{_y(first):.1f}" x2="{x2:.1f}" y2="{_y(second):.1f}" '
                f'stroke="{colour}" stroke-width="{width}"{dash}/>'
            )
    return segments


def _ring(x: float, y: float) -> str:
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#fff" stroke="{OVERALL}" stroke-width="2"/>'


def _legend(roles: Sequence[str], role_titles: Mapping[str, str], top: float) -> tuple[list[str], int]:
    """The overall line and each role's marker with its title, wrapped onto as many rows as needed."""
    entries = [
        ("Overall (all roles shown)", None),
        *((role_titles[role], position) for position, role in enumerate(roles)),
    ]
    body, x, y = [], float(LEFT), top
    for words, position in entries:
        width = 26 + CHARACTER_WIDTH * len(words)
        if x + width > WIDTH and x > LEFT:
            x, y = float(LEFT), y + LEGEND_ROW
        if position is None:
            body += [*_series([x, x + 16], [_risk_at(y)] * 2, OVERALL, width=2.5, dashed=False), _ring(x + 8, y)]
        else:
            colour = ROLE_COLOURS[position % len(ROLE_COLOURS)]
            body += [*_series([x, x + 16], [_risk_at(y)] * 2, colour, width=1.5, dashed=True)]
            body.append(_marker(position, x + 8, y, colour))
        body.append(_text(x + 21, y + 4, words, size=FONT_SIZE))
        x += width
    return body, int(y - top) + LEGEND_ROW


def _label(trend: ModeTrend) -> str:
    """What the chart shows, in words, for a screen reader and a search."""
    figures = ", ".join(
        f"round {point.round_number} "
        + (f"{figure_text(point.overall_risk)} ({point.level})" if point.overall_risk is not None else "no figure")
        for point in trend.points
    )
    return f"{trend.title}: overall risk by round: {figures}"
