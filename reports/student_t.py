"""The 0.975 quantile of Student's t, for the 95% intervals of scoring.md.

The role intervals take whole degrees of freedom; Welch's intervals for gaps and changes take
the Welch-Satterthwaite degrees of freedom, which are not whole numbers, so any real df >= 1
is accepted. The standard library has no Student t, and scipy is too heavy a dependency for
one number: the quantile is solved from the t tail, written through the regularized
incomplete beta, which holds for real df as it does for whole ones.
"""

import math
from functools import lru_cache

_Z_975 = 1.959963984540054
_T_975_CAUCHY = 1 / math.tan(math.pi / 40)
_LOG_SQRT_PI = 0.5 * math.log(math.pi)
_MAX_ITERATIONS = 100_000
# Measured against 40-digit arithmetic: both forms agree to 1e-14 around here.
_COMPLEMENT_ABOVE_DF = 300
# Newton stops once its step is this small against t: the tail itself is computed to a few
# parts in 1e16, so asking for less made some df bounce between neighbours and then bisect.
_STEP_TOLERANCE = 4e-15


# Whole df repeat in every survey; Welch's df are many and rarely repeat, so the cache is bounded.
@lru_cache(maxsize=4096)
def t_quantile_975(df: float) -> float:
    """The 0.975 quantile of Student's t with df degrees of freedom (any real df >= 1), to about 1e-14.

    Below one degree of freedom the quantile lies beyond the Cauchy one, outside the bracket
    the solver keeps; Welch's df is never below the smaller sample's n - 1, so never needs it.
    """
    if not df >= 1:
        raise ValueError("Student's t needs at least one degree of freedom.")
    if df == 1:
        return _T_975_CAUCHY
    if df == 2:
        return 0.95 / math.sqrt(2 * 0.975 * 0.025)
    return _solve_quantile_975(df)


def _solve_quantile_975(df: float) -> float:
    """Safeguarded Newton: the root lies between the normal and the Cauchy quantiles."""
    log_beta = _log_beta_half(df / 2)
    low, high = _Z_975, _T_975_CAUCHY
    z = _Z_975
    start = z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
    t = min(max(start, low), high)
    for _ in range(200):
        excess = _t_upper_tail(t, df, log_beta) - 0.025
        if excess == 0:
            return t
        # The tail falls as t grows, so the sign of the excess says which side the root is on.
        low, high = (t, high) if excess > 0 else (low, t)
        step = excess / _t_density(t, df, log_beta)
        # A step this small is rounding noise, even when it leaves the bracket by a hair.
        if abs(step) <= _STEP_TOLERANCE * t:
            return t + step if low < t + step < high else t
        candidate = t + step
        t = candidate if low < candidate < high else (low + high) / 2
        if high - low <= _STEP_TOLERANCE * t:
            return t
    raise ArithmeticError(f"The t quantile for {df} degrees of freedom did not converge.")


def _t_upper_tail(t: float, df: float, log_beta: float) -> float:
    """P(T > t) = I_x(df/2, 1/2) / 2, where x = df / (df + t^2), for t near the quantile.

    For many degrees of freedom x lies so close to 1 that its rounding alone would cost
    digits (the tail's sensitivity to x grows with df), so there the tail comes from the
    complement 1 - I_y(1/2, df/2) in y = 1 - x = t^2 / (df + t^2), which is exact to the bit.
    """
    a = df / 2
    ratio = t * t / df
    log_x = -math.log1p(ratio)
    log_y = math.log(ratio) + log_x
    front = math.exp(a * log_x + 0.5 * log_y - log_beta)
    if df <= _COMPLEMENT_ABOVE_DF:
        return front * _beta_continued_fraction(a, 0.5, math.exp(log_x)) / a / 2
    return (1 - 2 * front * _beta_continued_fraction(0.5, a, math.exp(log_y))) / 2


def _t_density(t: float, df: float, log_beta: float) -> float:
    return math.exp(-(df + 1) / 2 * math.log1p(t * t / df) - 0.5 * math.log(df) - log_beta)


def _log_beta_half(a: float) -> float:
    """ln B(a, 1/2) = ln G(a) + ln sqrt(pi) - ln G(a + 1/2), accurate for large a too.

    Subtracting two large lgamma values would lose digits, so above a = 16 the difference
    comes from Stirling's series, whose leading terms cancel algebraically instead.
    """
    if a < 16:
        return math.log(math.gamma(a) / math.gamma(a + 0.5)) + _LOG_SQRT_PI
    difference = a * math.log1p(0.5 / a) - 0.5 + 0.5 * math.log(a)
    difference += _stirling_remainder(a + 0.5) - _stirling_remainder(a)
    return _LOG_SQRT_PI - difference


def _stirling_remainder(z: float) -> float:
    """ln G(z) - ((z - 1/2) ln z - z + ln sqrt(2 pi)), to about 1e-17 for z >= 16."""
    w = 1 / (z * z)
    return (1 / 12 - w * (1 / 360 - w * (1 / 1260 - w * (1 / 1680 - w / 1188)))) / z


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b), by the modified Lentz method."""
    tiny = 1e-300
    c, d = 1.0, 1 / _away_from_zero(1 - (a + b) * x / (a + 1), tiny)
    result = d
    for m in range(1, _MAX_ITERATIONS):
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        for numerator in (even, odd):
            d = 1 / _away_from_zero(1 + numerator * d, tiny)
            c = _away_from_zero(1 + numerator / c, tiny)
            result *= c * d
        if abs(c * d - 1) < 1e-15:
            return result
    raise ArithmeticError("The incomplete beta continued fraction did not converge.")


def _away_from_zero(value: float, tiny: float) -> float:
    return tiny if abs(value) < tiny else value
