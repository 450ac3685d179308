"""How a figure prints for people: the one formatter of every page, the PDF and the sentences.

One rounding rule everywhere: the exact value of the number (a float is an exact binary
fraction, and Decimal reads it without loss) rounded half up. Python's f"{0.125:.2f}" rounds
half to even and Django's floatformat half up, so the same 0.125 printed as 0.12 in a sentence
and 0.13 in the table beside it; with one rule it prints 0.13 in both. Exports keep full
precision and never come here.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MISSING_FIGURE = "\u2013"  # an en dash
WHOLE = Decimal(1)

Number = float | int | Fraction | Decimal


def _exact(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        # Enough digits that the rounding below sees the value, not an approximation of it.
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def figure_text(value: Number | None, *, places: int = 2) -> str:
    """A risk, gap, interval bound or agreement index: 2 decimal places, rounded half up.

    A cut point such as 3/8 is printed with `places=3` (0.375), so that no reader takes 0.38
    for the line itself.
    """
    if value is None:
        return MISSING_FIGURE
    rounded = _exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    # Decimal keeps the sign of a negative zero; a lower bound of -0.001 prints as 0.00.
    return str(abs(rounded) if rounded == 0 else rounded)


def whole_text(value: Number | None) -> str:
    """A figure shown as a whole number (the health index): 62.5 prints as 63."""
    if value is None:
        return MISSING_FIGURE
    rounded = _exact(value).quantize(WHOLE, rounding=ROUND_HALF_UP)
    return str(abs(rounded) if rounded == 0 else rounded)


def percent_text(share: Number | None) -> str:
    """A share from 0 to 1 as a whole percentage: 0.125 prints as 13%."""
    if share is None:
        return MISSING_FIGURE
    return f"{whole_text(_exact(share) * 100)}%"


def interval_text(interval: tuple[float, float] | None) -> str:
    """A 95% interval as a table prints it: "0.49 to 0.73"."""
    if interval is None:
        return MISSING_FIGURE
    return f"{figure_text(interval[0])} to {figure_text(interval[1])}"


def change_text(value: Number | None) -> str:
    """A change between rounds, signed so that a rise reads as one: "+0.12", "-0.20", "0.00"."""
    text = figure_text(value)
    # A change that prints as 0.00 gets no sign; figure_text already writes a minus.
    rises = value is not None and value > 0 and text != figure_text(0)
    return f"+{text}" if rises else text
