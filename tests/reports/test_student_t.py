import math

import pytest

from reports.student_t import t_quantile_975


@pytest.mark.parametrize(
    ("df", "quantile"),
    [
        (1, 12.706204736174705),
        (2, 4.302652729749464),
        (3, 3.182446305284263),
        (10, 2.2281388519649385),
        (30, 2.0422724563012373),
        (1000, 1.9623390808264078),
    ],
)
def test_it_matches_published_t_quantiles(df: int, quantile: float) -> None:
    assert t_quantile_975(df) == pytest.approx(quantile, abs=1e-9)


@pytest.mark.parametrize(
    ("df", "quantile"),
    [
        (1, 12.706204736174693),
        (2, 4.302652729749464),
        (3, 3.1824463052837096),
        (10, 2.2281388519862747),
        (30, 2.0422724563012383),
        (1000, 1.9623390808264085),
    ],
)
def test_it_matches_t_quantiles_from_forty_digit_arithmetic(df: int, quantile: float) -> None:
    # Computed with mpmath at 40 digits; scipy's stdtrit is off by 2e-11 at df = 10.
    assert t_quantile_975(df) == pytest.approx(quantile, abs=1e-12)


def test_it_inverts_the_closed_form_t_cdf_for_three_degrees_of_freedom() -> None:
    # For df = 3, F(t) = 1/2 + (theta + sin(theta) cos(theta)) / pi, theta = atan(t / sqrt 3).
    theta = math.atan(t_quantile_975(3) / math.sqrt(3))
    assert 0.5 + (theta + math.sin(theta) * math.cos(theta)) / math.pi == pytest.approx(0.975, abs=1e-15)


def test_it_refuses_a_t_quantile_without_degrees_of_freedom() -> None:
    with pytest.raises(ValueError, match="degree of freedom"):
        t_quantile_975(0)
