"""Template filters of every page that shows figures: reports.figures' one formatter, and colours."""

from dataclasses import dataclass

from django import template

from reports.figures import Number, figure_text, interval_text, percent_text, whole_text

register = template.Library()


@register.filter
def risk(value: Number | None) -> str:
    """Any figure on the 0-to-1 scale (risk, gap, agreement), as reports.figures prints it."""
    return figure_text(value)


@register.filter
def whole(value: Number | None) -> str:
    return whole_text(value)


@register.filter
def percent(share: Number | None) -> str:
    return percent_text(share)


@register.filter
def interval(value: tuple[float, float] | None) -> str:
    return interval_text(value)


RISK_BAND_COUNT = 10


@dataclass(frozen=True)
class RiskBand:
    css: str
    short: str
    label: str


@register.filter
def risk_band(value: float | None) -> str:
    """The CSS class that colours a heat map cell: risk-0 (0 to 0.1) up to risk-9 (0.9 to 1)."""
    if value is None:
        return "risk-none"
    return f"risk-{min(RISK_BAND_COUNT - 1, max(0, int(value * RISK_BAND_COUNT)))}"


@register.simple_tag
def risk_bands() -> tuple[RiskBand, ...]:
    """The bands of risk_band, for the heat map's colour key."""
    return tuple(
        RiskBand(
            f"risk-{band}",
            figure_text(band / RISK_BAND_COUNT, places=1),
            f"{figure_text(band / RISK_BAND_COUNT, places=1)} to {figure_text((band + 1) / RISK_BAND_COUNT, places=1)}",
        )
        for band in range(RISK_BAND_COUNT)
    )


@register.filter
def item_bar(charts: object, key: str) -> str:
    """The diverging bar of one item, or nothing when the report is rendered without charts."""
    bars = getattr(charts, "item_bars", None)
    return bars.get(key, "") if bars else ""


@register.filter
def shares_bar(charts: object, key: str) -> str:
    """The favourable / neutral / unfavourable bar of one role on one mode ("mode:role")."""
    bars = getattr(charts, "shares_bars", None)
    return bars.get(key, "") if bars else ""
