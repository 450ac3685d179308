"""The one implementation of scoring.md: plain answers in, every figure Faultline shows out.

Nothing here touches Django, the database or settings, so that the browser, the PDF, the
exports and the command line all show the same numbers and the tests run in milliseconds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from itertools import repeat
from operator import add, mul, sub
from typing import NamedTuple

from reports.student_t import t_quantile_975

LIKERT = "likert"
TEXT = "text"
POSITIVE = "positive"
NEGATIVE = "negative"
LOW, MODERATE, HIGH = "low", "moderate", "high"

# scoring.md, "Per mode": the level boundaries and one full point on the 5-point scale.
MODERATE_FROM = 0.25
HIGH_FROM = 0.5
MISALIGNED_FROM = 0.25
# scoring.md, "Per role and mode": the variance of a uniform answer on 1..5, (5^2 - 1) / 12.
UNIFORM_NULL_VARIANCE = Fraction(2)


@dataclass(frozen=True)
class Question:
    key: str
    role: str
    mode: str
    kind: str
    polarity: str | None


@dataclass(frozen=True)
class SurveyDesign:
    roles: tuple[str, ...]
    modes: tuple[str, ...]
    questions: tuple[Question, ...]
    threshold: int


@dataclass(frozen=True)
class Answers:
    """One submitted response; a likert key that is missing means "Don't know" or left out."""

    role: str
    values: Mapping[str, int]


@dataclass(frozen=True)
class RoleCount:
    submitted: int
    reportable: bool


@dataclass(frozen=True)
class RoleModeScore:
    n: int
    mean_risk: float | None
    sd: float | None
    ci95: tuple[float, float] | None
    dont_know_rate: float | None
    rwg_j: float | None


@dataclass(frozen=True)
class ModeScore:
    key: str
    overall_risk: float | None
    level: str | None
    gap: float | None
    gap_roles: tuple[str, str] | None
    misaligned: bool
    roles: dict[str, RoleModeScore]


@dataclass(frozen=True)
class SurveyScores:
    withheld: bool
    roles: dict[str, RoleCount]
    modes: tuple[ModeScore, ...]
    health_index: float | None


def item_risk(value: int, polarity: str) -> float:
    """Risk x of one answer, scoring.md "Per answer": h = v or 6 - v, x = (5 - h) / 4."""
    if polarity == POSITIVE:
        return (5 - value) / 4
    if polarity == NEGATIVE:
        return (value - 1) / 4
    raise ValueError(f"A likert question needs a polarity of {POSITIVE!r} or {NEGATIVE!r}.")


# --- Agreement (scoring.md, "Per role and mode", rwg_j) ------------------------------------


def rwg_j(item_values: Sequence[Sequence[int]]) -> float | None:
    """rwg(j) of James, Demaree and Wolf (1984) from the raw values each item received."""
    return _rwg_from_moments([(len(v), sum(v), sum(x * x for x in v)) for v in item_values])


def _rwg_from_moments(moments: Sequence[tuple[int, int, int]]) -> float | None:
    """rwg(j) from each item's (count, sum, sum of squares), computed exactly in whole numbers.

    Whole-number moments give each sample variance as an exact fraction; over a common
    denominator, s2 / e is numerator / whole exactly, so the comparison with e is free of
    rounding, and the last step, a division of two integers, is correctly rounded.
    (Fractions give the same result, but too slowly for the export's budget.)
    """
    variances = [(n * sq - s * s, n * (n - 1)) for n, s, sq in moments if n >= 2]
    if not variances:
        return None
    items = len(variances)
    denominator = math.prod(divisor for _, divisor in variances)
    numerator = sum(dividend * (denominator // divisor) for dividend, divisor in variances)
    numerator *= UNIFORM_NULL_VARIANCE.denominator
    whole = denominator * items * UNIFORM_NULL_VARIANCE.numerator
    if numerator >= whole:
        return 0.0
    agreement = items * (whole - numerator)
    return agreement / (agreement + numerator)


_VALUES = (0, 1, 2, 3, 4, 5)
_SQUARES = (0, 1, 4, 9, 16, 25)


def _moments(histogram: Sequence[int]) -> tuple[int, int, int]:
    """Count, sum and sum of squares of the values 0..5 counted in a histogram."""
    return sum(histogram), sum(map(mul, histogram, _VALUES)), sum(map(mul, histogram, _SQUARES))


# --- Adding up the responses -----------------------------------------------------------------


class _AskedItem(NamedTuple):
    key: str
    mode_index: int
    negative: bool


class _RoleTally:
    """What one role's submitted responses add up to, per mode and per item.

    The answers are read an item at a time across all of the role's responses, with
    built-in functions doing the per-answer work: the export of 1,000 responses must cost
    no more than twice the bare fetch of their rows (bench/scoring.py), which a loop over
    every answer in Python code could not keep to.
    """

    def __init__(self, items: tuple[_AskedItem, ...], mode_count: int, responses: list[dict[str, int]]) -> None:
        self.items = items
        self.submitted = len(responses)
        self.answered = [0] * mode_count
        # Answers are whole numbers 1..5, so a histogram per item keeps variances exact.
        self.histograms: list[list[int]] = []
        # The positions of each mode's items, in design order.
        self.asked: list[list[int]] = [[] for _ in range(mode_count)]
        for index, item in enumerate(items):
            self.asked[item.mode_index].append(index)
        columns: list[list[list[int]]] = [[] for _ in range(mode_count)]
        weights = [4 * len(positions) + 1 for positions in self.asked]
        for item in items:
            column = list(map(dict.get, responses, repeat(item.key)))
            counts = Counter(column)
            self.histograms.append(list(map(counts.get, _VALUES, repeat(0))))
            self.answered[item.mode_index] += self.submitted - counts.get(None, 0)
            columns[item.mode_index].append(_encoded(item, column, weights[item.mode_index]))
        self.risks = [
            _respondent_risks(mode_columns, weight) for mode_columns, weight in zip(columns, weights, strict=True)
        ]


def _encoded(item: _AskedItem, column: list[int | None], weight: int) -> list[int]:
    """Each answer as w + 4x, and "no answer" as 0, so that a sum carries both count and risk.

    With w = 4 * (the mode's items) + 1, a respondent's sum over the mode's items is
    count * w + (sum of 4x), and the sum of 4x is below w, so the sum tells both apart.
    """
    code = _answer_codes(weight, item.negative)
    try:
        return list(map(code.__getitem__, column))
    except (KeyError, TypeError):
        wrong = next(value for value in column if value not in (None, 1, 2, 3, 4, 5))
        raise ValueError(f"The answer to {item.key!r} must be 1 to 5, not {wrong!r}.") from None


@cache
def _answer_codes(weight: int, negative: bool) -> dict[int | None, int]:
    # Four times the risk x keeps the per-respondent sum a whole number.
    code: dict[int | None, int] = {value: weight + (value - 1 if negative else 5 - value) for value in range(1, 6)}
    code[None] = 0
    return code


def _respondent_risks(columns: list[list[int]], weight: int) -> list[float]:
    """R(p, f) of every respondent who answered an item of the mode, in response order."""
    if not columns:
        return []
    sums = columns[0]
    for column in columns[1:]:
        sums = list(map(add, sums, column))
    return list(map(_risk_of_sum(weight, len(columns)).__getitem__, filter(None, sums)))


@cache
def _risk_of_sum(weight: int, items: int) -> dict[int, float]:
    """Every sum a respondent can reach over a mode's items, with its risk R(p, f)."""
    return {
        count * weight + total: total / (4 * count) for count in range(1, items + 1) for total in range(4 * count + 1)
    }


def _asked_items(design: SurveyDesign) -> dict[str, tuple[_AskedItem, ...]]:
    """Each role's likert questions, in design order, with their mode's position."""
    mode_index = {mode: index for index, mode in enumerate(design.modes)}
    asked: dict[str, list[_AskedItem]] = {role: [] for role in design.roles}
    for question in design.questions:
        if question.kind != LIKERT or question.role not in asked:
            continue
        if question.mode not in mode_index:
            continue
        if question.polarity not in (POSITIVE, NEGATIVE):
            raise ValueError(f"The likert question {question.key!r} has no polarity.")
        item = _AskedItem(question.key, mode_index[question.mode], question.polarity == NEGATIVE)
        asked[question.role].append(item)
    return {role: tuple(items) for role, items in asked.items()}


def _tally(design: SurveyDesign, responses: Iterable[Answers]) -> dict[str, _RoleTally]:
    """Adds up the responses, sorted by role; nothing later looks at a response again."""
    asked = _asked_items(design)
    by_role: dict[str, list[dict[str, int]]] = {role: [] for role in asked}
    for response in responses:
        # A role outside the design is for validation to reject; it scores nothing here.
        mine = by_role.get(response.role)
        if mine is not None:
            values = response.values
            mine.append(values if type(values) is dict else dict(values))
    mode_count = len(design.modes)
    return {role: _RoleTally(items, mode_count, by_role[role]) for role, items in asked.items()}


# --- Figures ----------------------------------------------------------------------------------


def _role_mode_score(tally: _RoleTally, mode_index: int) -> RoleModeScore:
    """scoring.md, "Per role and mode", for one reportable role."""
    risks = tally.risks[mode_index]
    n = len(risks)
    asked = tally.asked[mode_index]
    divisor = len(asked) * tally.submitted
    dont_know = (divisor - tally.answered[mode_index]) / divisor if divisor else None
    agreement = _rwg_from_moments([_moments(tally.histograms[i]) for i in asked])
    if n == 0:
        return RoleModeScore(0, None, None, None, dont_know, agreement)
    mean = math.fsum(risks) / n
    if n == 1:
        return RoleModeScore(1, mean, None, None, dont_know, agreement)
    # Deviations from the mean first: the one-pass formula loses digits to cancellation.
    squares = map(pow, map(sub, risks, repeat(mean)), repeat(2))
    sd = math.sqrt(math.fsum(squares) / (n - 1))
    half_width = t_quantile_975(n - 1) * sd / math.sqrt(n)
    ci95 = (max(0.0, mean - half_width), min(1.0, mean + half_width))
    return RoleModeScore(n, mean, sd, ci95, dont_know, agreement)


def _mode_score(key: str, roles: dict[str, RoleModeScore]) -> ModeScore:
    """scoring.md, "Per mode"; roles come in survey order, which settles the ties."""
    means = [(role, score.mean_risk) for role, score in roles.items() if score.mean_risk is not None]
    if not means:
        return ModeScore(key, None, None, None, None, False, roles)
    overall = math.fsum(mean for _, mean in means) / len(means)
    level = LOW if overall < MODERATE_FROM else MODERATE if overall < HIGH_FROM else HIGH
    if len(means) < 2:
        return ModeScore(key, overall, level, None, None, False, roles)
    # min and max return the first of equal candidates, that is the first in survey order.
    smallest = min(means, key=lambda pair: pair[1])
    largest = max(means, key=lambda pair: pair[1])
    gap = largest[1] - smallest[1]
    gap_roles = (smallest[0], largest[0])
    return ModeScore(key, overall, level, gap, gap_roles, gap >= MISALIGNED_FROM, roles)


def score_survey(design: SurveyDesign, responses: Iterable[Answers]) -> SurveyScores:
    """Every figure of scoring.md for one survey, from its submitted responses only."""
    tallies = _tally(design, responses)
    counts = {role: RoleCount(tally.submitted, tally.submitted >= design.threshold) for role, tally in tallies.items()}
    reportable = [role for role, count in counts.items() if count.reportable]
    if not reportable:
        return SurveyScores(True, counts, (), None)
    modes = tuple(
        _mode_score(mode, {role: _role_mode_score(tallies[role], index) for role in reportable})
        for index, mode in enumerate(design.modes)
    )
    overall = [mode.overall_risk for mode in modes if mode.overall_risk is not None]
    health = 100 * (1 - math.fsum(overall) / len(overall)) if overall else None
    return SurveyScores(False, counts, modes, health)
