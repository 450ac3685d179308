"""The report's charts as plain SVG markup whose labels are real text.

Plain `rect`, `line` and `text` elements: platform-notes.md measured matplotlib's SVG at about
3x the render time, with its labels drawn as paths that nobody can search or read aloud.
Styling is done with SVG attributes, never `style`, because the browser's CSP forbids it.

Sizes are in CSS pixels, which print at 0.75pt: every label is LABEL_SIZE (11 px, 8.25pt), and
every chart is drawn no wider than the space it prints in (the A4 text width is 672 px), so
that the PDF never shrinks a chart and its labels below 8pt (issue 13).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.figures import figure_text, percent_text
from reports.report_sections import ItemDistribution, ModeSection, RoleLine
from reports.scoring import HIGH_FROM, MODERATE_FROM, POSITIVE, RoleModeScore

FONT = "DejaVu Sans, WenQuanYi Micro Hei, sans-serif"
LABEL_SIZE = 11
ROLE_COLOURS = ("#1f5f99", "#c45100", "#6a3d9a", "#1b7f5a", "#b3206b", "#5d6b00")
# Orange where the answer points at the risk, blue where it points at health, grey neutral:
# the report uses no red (report_colours.css), so that nothing looks like an alarm by colour.
RISK_SIDE = ("#b35806", "#f1a340")
NEUTRAL = "#bdbdbd"
HEALTH_SIDE = ("#67a9cf", "#2166ac")
LABELS = ("Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree")

GAP_LABEL_WIDTH = 270
GAP_PLOT_WIDTH = 380
GAP_ROW_HEIGHT = 13
GAP_TOP = 42
BAR_HALF = 110
BAR_HEIGHT = 16
BAR_TEXT_Y = 14
BAR_DONT_KNOW_X = 2 * BAR_HALF + 12
BAR_DONT_KNOW_WIDTH = 100
SHARES_WIDTH = 200


@dataclass(frozen=True)
class ReportCharts:
    gap_chart: SafeString
    item_bars: dict[str, SafeString]
    # Keyed "mode:role", for every role shown on every mode.
    shares_bars: dict[str, SafeString]


def report_charts(*, modes: Sequence[ModeSection], roles: Sequence[RoleLine]) -> ReportCharts:
    """Every chart of a report: the gap chart, a shares bar per role and mode, and item bars."""
    shown = [role for role in roles if role.reportable]
    bars = {
        item.key: item_bar_svg(item=item)
        for mode in modes
        if mode.has_page
        for item in mode.items
        if item.counts is not None
    }
    shares = {
        f"{mode.key}:{cell.role.key}": shares_bar_svg(score=cell.score, role_title=cell.role.title)
        for mode in modes
        for cell in mode.shown
        if cell.score is not None
    }
    return ReportCharts(gap_chart=gap_chart_svg(modes=modes, roles=shown), item_bars=bars, shares_bars=shares)


def _svg(width: int, height: int, label: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every label below goes through escape().
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="{FONT}">'
        + "".join(body)
        + "</svg>"
    )


def _text(
    x: float, y: float, words: str, *, size: float = LABEL_SIZE, anchor: str = "start", fill: str = "#222"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">{escape(words)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}"/>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{width}"/>'


def gap_chart_svg(*, modes: Sequence[ModeSection], roles: Sequence[RoleLine]) -> SafeString:
    """Each mode on a line: every reportable role's mean risk (a mark) and its 95% interval."""
    row = GAP_ROW_HEIGHT * max(2, len(roles) + 1)
    height = GAP_TOP + row * len(modes) + 10
    width = GAP_LABEL_WIDTH + GAP_PLOT_WIDTH + 20
    body = _gap_axes(height)
    for index, mode in enumerate(modes):
        top = GAP_TOP + index * row
        body.append(_text(GAP_LABEL_WIDTH - 8, top + row / 2 + 4, mode.title, anchor="end"))
        body.append(_line(GAP_LABEL_WIDTH, top + row, GAP_LABEL_WIDTH + GAP_PLOT_WIDTH, top + row, "#e0e0e0"))
        scores = {cell.role.key: cell.score for cell in mode.cells}
        for position, role in enumerate(roles):
            score = scores.get(role.key)
            if score is not None:
                y = top + row * (position + 1) / (len(roles) + 1)
                body.extend(_role_mark(position, y, score.mean_risk, score.ci95))
    body.extend(_gap_legend(roles, height + 10))
    return _svg(width, height + 20, "Gap chart: each role's mean risk and 95% interval per failure mode", body)


def _x(risk: float | Fraction) -> float:
    return GAP_LABEL_WIDTH + float(risk) * GAP_PLOT_WIDTH


def _gap_axes(height: int) -> list[str]:
    body = [
        _rect(_x(MODERATE_FROM), GAP_TOP, _x(HIGH_FROM) - _x(MODERATE_FROM), height - GAP_TOP - 10, "#f1f0f7"),
        _rect(_x(HIGH_FROM), GAP_TOP, _x(1) - _x(HIGH_FROM), height - GAP_TOP - 10, "#e4e2f0"),
    ]
    # The ticks are the answer points (all "Agree" on healthy statements is 0.25, and so on);
    # the bands' edges lie halfway between them, at 3/8 and 5/8.
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(_line(_x(tick), GAP_TOP, _x(tick), height - 10, "#9e9e9e", 0.5))
        body.append(_text(_x(tick), GAP_TOP - 4, figure_text(tick), anchor="middle"))
    for start, end, words in (
        (0, MODERATE_FROM, f"low, below {figure_text(MODERATE_FROM, places=3)}"),
        (MODERATE_FROM, HIGH_FROM, "moderate"),
        (HIGH_FROM, 1, f"high, from {figure_text(HIGH_FROM, places=3)}"),
    ):
        body.append(_text((_x(start) + _x(end)) / 2, GAP_TOP - 22, words, anchor="middle", fill="#555"))
    return body


def _role_mark(position: int, y: float, mean: float, interval: tuple[float, float]) -> list[str]:
    colour = ROLE_COLOURS[position % len(ROLE_COLOURS)]
    marks = [_line(_x(interval[0]), y, _x(interval[1]), y, colour, 1.5)]
    marks.append(_marker(position, _x(mean), y, colour))
    return marks


def _marker(position: int, x: float, y: float, colour: str) -> str:
    """A shape per role as well as a colour, so that the chart reads in grey too."""
    shape = position % 3
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == 1:
        return _rect(x - 3.2, y - 3.2, 6.4, 6.4, colour)
    points = f"{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} {x - 4:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _gap_legend(roles: Sequence[RoleLine], y: float) -> list[str]:
    body = []
    x = float(GAP_LABEL_WIDTH)
    for position, role in enumerate(roles):
        body.append(_marker(position, x + 4, y, ROLE_COLOURS[position % len(ROLE_COLOURS)]))
        body.append(_text(x + 12, y + 4, role.title))
        x += 24 + 6.8 * len(role.title)
    return body


def item_bar_svg(*, item: ItemDistribution) -> SafeString:
    """One item's answers as a diverging stacked bar: disagree left of the centre, agree right,
    "neither" across the centre and "don't know" apart; each segment labelled with its count.

    Only for an item whose counts may be shown (scoring.md, "Per item").
    """
    if item.counts is None:
        raise ValueError(f"The answers to {item.key!r} are withheld: fewer than k of the role answered it.")
    answered = sum(item.counts)
    colours = _segment_colours(item.polarity)
    body = []
    if answered:
        x = BAR_HALF - (item.counts[0] + item.counts[1] + item.counts[2] / 2) / answered * BAR_HALF
        for point, (count, colour) in enumerate(zip(item.counts, colours, strict=True)):
            width = count / answered * BAR_HALF
            if count:
                body.append(_rect(x, 2, width, BAR_HEIGHT, colour))
                # The strongly agree and disagree segments are dark: their counts print in white.
                ink = "#fff" if point in (0, 4) else "#111"
                if width >= 14:
                    body.append(_text(x + width / 2, BAR_TEXT_Y, str(count), anchor="middle", fill=ink))
            x += width
    body.append(_line(BAR_HALF, 0, BAR_HALF, BAR_HEIGHT + 4, "#333", 1))
    body.append(_text(BAR_DONT_KNOW_X, BAR_TEXT_Y, f"don't know: {item.dont_know}", fill="#444"))
    counts = ", ".join(f"{label} {count}" for label, count in zip(LABELS, item.counts, strict=True))
    label = f"{item.role_title}: {counts}, don't know {item.dont_know}"
    return _svg(BAR_DONT_KNOW_X + BAR_DONT_KNOW_WIDTH, BAR_HEIGHT + 4, label, body)


def _segment_colours(polarity: str) -> tuple[str, ...]:
    if polarity == POSITIVE:
        return (*RISK_SIDE, NEUTRAL, *HEALTH_SIDE)
    return (HEALTH_SIDE[1], HEALTH_SIDE[0], NEUTRAL, RISK_SIDE[1], RISK_SIDE[0])


def shares_bar_svg(*, score: RoleModeScore, role_title: str) -> SafeString:
    """A role's favourable, neutral and unfavourable answers on a mode, as one bar of 100%.

    Blue for favourable, grey for neutral, orange for unfavourable, each segment labelled with its
    percentage when there is room; the label says all three in words.
    """
    neutral = max(0.0, 1.0 - score.favourable - score.unfavourable)
    segments = (
        (score.favourable, HEALTH_SIDE[1], "#fff"),
        (neutral, NEUTRAL, "#111"),
        (score.unfavourable, RISK_SIDE[0], "#fff"),
    )
    body = []
    x = 0.0
    for share, colour, ink in segments:
        width = share * SHARES_WIDTH
        if width > 0:
            body.append(_rect(x, 2, width, BAR_HEIGHT, colour))
            if width >= 34:
                body.append(_text(x + width / 2, BAR_TEXT_Y, percent_text(share), anchor="middle", fill=ink))
        x += width
    label = (
        f"{role_title}: favourable {percent_text(score.favourable)}, neutral {percent_text(neutral)}, "
        f"unfavourable {percent_text(score.unfavourable)}"
    )
    return _svg(SHARES_WIDTH, BAR_HEIGHT + 4, label, body)
