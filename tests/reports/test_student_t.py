import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@pytest.mark.parametrize(
    ("df", "quantile"),
    [
        (1.5, 6.0166631044279319219),
        (2.5, 3.5746548420036832185),
        (3.7, 2.8675207071911894637),
        (4.2, 2.725072722592375036),
        (7.25, 2.3481948491053721998),
        (12.9, 2.1620722796344740859),
        (57.3, 2.0022382682313364527),
        (250.5, 1.9694792720516763543),
        (1234.5, 1.9618874833313455991),
    ],
)
def test_it_matches_forty_digit_quantiles_for_welch_degrees_of_freedom(df: float, quantile: float) -> None:
    # Welch-Satterthwaite df are not whole; the references are mpmath's betainc root at 40 digits.
    assert t_quantile_975(df) == pytest.approx(quantile, abs=1e-12)


def test_it_falls_as_the_degrees_of_freedom_grow_between_whole_numbers() -> None:
    quantiles = [t_quantile_975(2 + step / 10) for step in range(11)]
    assert quantiles == sorted(quantiles, reverse=True)
    assert quantiles[0] == t_quantile_975(2)
    assert quantiles[-1] == pytest.approx(t_quantile_975(3), abs=1e-14)


def test_it_inverts_the_closed_form_t_cdf_for_three_degrees_of_freedom() -> None:
    # For df = 3, F(t) = 1/2 + (theta + sin(theta) cos(theta)) / pi, theta = atan(t / sqrt 3).
    theta = math.atan(t_quantile_975(3) / math.sqrt(3))
    assert 0.5 + (theta + math.sin(theta) * math.cos(theta)) / math.pi == pytest.approx(0.975, abs=1e-15)


def test_it_refuses_a_t_quantile_without_degrees_of_freedom() -> None:
    with pytest.raises(ValueError, match="degree of freedom"):
        t_quantile_975(0)


def test_it_refuses_fewer_than_one_degree_of_freedom_or_nan() -> None:
    with pytest.raises(ValueError, match="degree of freedom"):
        t_quantile_975(0.5)
    with pytest.raises(ValueError, match="degree of freedom"):
        t_quantile_975(math.nan)


@given(st.floats(min_value=1, max_value=1e6))
def test_it_converges_for_any_real_degrees_of_freedom(df: float) -> None:
    # Rounding noise near the root once sent the solver bisecting until it gave up.
    assert 1.959963984540054 <= t_quantile_975(df) <= t_quantile_975(1)
