"""Template filters of the report: every figure prints as export_scores gives it, to 2 places."""

from django import template

register = template.Library()

MISSING_FIGURE = "\u2013"  # an en dash


def figure_text(value: float | None) -> str:
    """A score, rate or agreement index as printed everywhere in the report: 2 decimal places."""
    if value is None:
        return MISSING_FIGURE
    return f"{value:.2f}"


@register.filter
def risk(value: float | None) -> str:
    return figure_text(value)


@register.filter
def risk_band(value: float | None) -> str:
    """The CSS class that colours a heat map cell: risk-0 (0 to 0.1) up to risk-9 (0.9 to 1)."""
    if value is None:
        return "risk-none"
    return f"risk-{min(9, max(0, int(value * 10)))}"


@register.filter
def item_bar(charts: object, key: str) -> str:
    """The diverging bar of one item, or nothing when the report is rendered without charts."""
    bars = getattr(charts, "item_bars", None)
    return bars.get(key, "") if bars else ""
