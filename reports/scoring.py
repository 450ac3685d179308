"""The one implementation of scoring.md (version 2): plain answers in, every figure Faultline shows out.

Nothing here touches Django, the database or settings, so that the browser, the PDF, the
exports and the command line all show the same numbers and the tests run in milliseconds.

Every mean and gap is a rational number, and every decision (level, gap roles, the 1/4 of
`misaligned`, the comparisons with k) is taken on the exact value: in floating point a gap of
exactly 1/4 once came out as 0.24999999999999994. The exact values travel with the figures
(`mean_exact`, `variance_exact`), and floats are those exact values rounded once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from itertools import repeat
from operator import add, itemgetter, mul
from typing import NamedTuple

from reports.student_t import t_quantile_975

LIKERT = "likert"
TEXT = "text"
POSITIVE = "positive"
NEGATIVE = "negative"
LOW, MODERATE, HIGH = "low", "moderate", "high"

# scoring.md, "Per mode": the level cut points lie halfway between the answer points, and a
# gap of one full point on the 5-point scale is a quarter of the risk scale.
MODERATE_FROM = Fraction(3, 8)
HIGH_FROM = Fraction(5, 8)
MISALIGNED_FROM = Fraction(1, 4)
# scoring.md, "Per role and mode": the variance of a uniform answer on 1..5, (5^2 - 1) / 12.
UNIFORM_NULL_VARIANCE = Fraction(2)
# Intervals need a spread, so a role needs two respondents; scoring.md's k starts at 3 anyway.
SMALLEST_THRESHOLD = 2

Interval = tuple[float, float]


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
class ItemCounts:
    """A role's answers 1..5 to one item; `counts` is None when fewer than k of the role answered it."""

    key: str
    counts: tuple[int, int, int, int, int] | None


@dataclass(frozen=True)
class RoleModeScore:
    """scoring.md, "Per role and mode", for a role shown on the mode (so n >= k)."""

    n: int
    mean_risk: float
    sd: float
    ci95: Interval
    favourable: float
    unfavourable: float
    dont_know_rate: float
    rwg_j: float | None
    items: tuple[ItemCounts, ...]
    mean_exact: Fraction = field(repr=False)
    variance_exact: Fraction = field(repr=False)


@dataclass(frozen=True)
class ModeScore:
    """scoring.md, "Per mode"; `roles` holds the shown roles only, in survey order.

    `overall_ci95` is not in the export: it is the summary's guard against ranking modes the
    data cannot tell apart (see `mean_interval`).
    """

    key: str
    overall_risk: float | None
    level: str | None
    gap: float | None
    gap_roles: tuple[str, str] | None
    gap_ci95: Interval | None
    misaligned: bool
    withheld_roles: tuple[str, ...]
    roles: dict[str, RoleModeScore]
    overall_ci95: Interval | None = None
    overall_exact: Fraction | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SurveyScores:
    withheld: bool
    roles: dict[str, RoleCount]
    modes: tuple[ModeScore, ...]
    health_index: float | None


def item_risk(value: int, polarity: str) -> Fraction:
    """Risk x of one answer, scoring.md "Per answer": h = v or 6 - v, x = (5 - h) / 4."""
    if polarity == POSITIVE:
        return Fraction(5 - value, 4)
    if polarity == NEGATIVE:
        return Fraction(value - 1, 4)
    raise ValueError(f"A likert question needs a polarity of {POSITIVE!r} or {NEGATIVE!r}.")


def level_of(risk: Fraction) -> str:
    """scoring.md, "Per mode": low below 3/8, high from 5/8, moderate between, decided exactly."""
    return LOW if risk < MODERATE_FROM else MODERATE if risk < HIGH_FROM else HIGH


# --- Intervals ------------------------------------------------------------------------------


def welch_interval(difference: Fraction, first: RoleModeScore, second: RoleModeScore) -> Interval:
    """Welch's 95% interval for second's mean minus first's (scoring.md, `gap_ci95`).

    scoring.md lets quantities under a square root or a t quantile be floats from the start,
    so the standard error and the Welch-Satterthwaite degrees of freedom are.
    """
    return _interval(float(difference), [first, second], scale=1)


def mean_interval(mean: Fraction, roles: Sequence[RoleModeScore]) -> Interval:
    """A 95% interval for an unweighted mean of role means, as Welch's is for their difference.

    The variance of (1/m) * sum of m independent means is sum(s_r^2 / n_r) / m^2, and its
    degrees of freedom are Welch-Satterthwaite's; for one role this is that role's ci95.
    Clipped to the risk scale like the role intervals.
    """
    low, high = _interval(float(mean), roles, scale=len(roles))
    return max(0.0, low), min(1.0, high)


def _interval(centre: float, roles: Sequence[RoleModeScore], *, scale: int) -> Interval:
    terms = [role.sd * role.sd / role.n for role in roles]
    squared_error = math.fsum(terms)
    if squared_error == 0:
        return centre, centre
    # Zero terms add nothing to the denominator (scoring.md: "the formula still holds").
    denominator = math.fsum(term * term / (role.n - 1) for term, role in zip(terms, roles, strict=True))
    half_width = t_quantile_975(squared_error * squared_error / denominator) * math.sqrt(squared_error) / scale
    return centre - half_width, centre + half_width


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


class _ModeRisks(NamedTuple):
    """The respondents' R(p, f) of one role and mode, each scaled by `scale` to a whole number."""

    scaled: list[int]
    scale: int


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
        # Answers are whole numbers 1..5, so a histogram per item keeps every figure exact.
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


def _respondent_risks(columns: list[list[int]], weight: int) -> _ModeRisks:
    """R(p, f) of every respondent who answered an item of the mode, in response order."""
    if not columns:
        return _ModeRisks([], 1)
    sums = columns[0]
    for column in columns[1:]:
        sums = list(map(add, sums, column))
    scale, scaled_risk = _scaled_risk_of_sum(weight, len(columns))
    return _ModeRisks(list(map(scaled_risk.__getitem__, filter(None, sums))), scale)


@cache
def _scaled_risk_of_sum(weight: int, items: int) -> tuple[int, dict[int, int]]:
    """Every sum a respondent can reach over a mode's items, with R(p, f) times a common scale.

    R(p, f) = (sum of 4x) / (4 * count); with the scale 4 * lcm(1..items) every R(p, f) is a
    whole number, so sums and sums of squares over respondents are exact integers.
    """
    scale = 4 * math.lcm(*range(1, items + 1))
    return scale, {
        count * weight + total: total * (scale // (4 * count))
        for count in range(1, items + 1)
        for total in range(4 * count + 1)
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


def _role_mode_score(tally: _RoleTally, mode_index: int, threshold: int) -> RoleModeScore | None:
    """scoring.md, "Per role and mode", or None when fewer than k respondents answered the mode."""
    risks = tally.risks[mode_index]
    n = len(risks.scaled)
    if n < threshold:
        return None
    total = sum(risks.scaled)
    squares = sum(map(mul, risks.scaled, risks.scaled))
    mean = Fraction(total, risks.scale * n)
    variance = Fraction(n * squares - total * total, risks.scale * risks.scale * n * (n - 1))
    sd = math.sqrt(variance)
    half_width = t_quantile_975(n - 1) * sd / math.sqrt(n)
    asked = tally.asked[mode_index]
    favourable, unfavourable, answered = _shares(tally, asked)
    return RoleModeScore(
        n=n,
        mean_risk=float(mean),
        sd=sd,
        ci95=(max(0.0, float(mean) - half_width), min(1.0, float(mean) + half_width)),
        favourable=float(Fraction(favourable, answered)),
        unfavourable=float(Fraction(unfavourable, answered)),
        dont_know_rate=float(Fraction(len(asked) * tally.submitted - answered, len(asked) * tally.submitted)),
        rwg_j=_rwg_from_moments([_moments(tally.histograms[i]) for i in asked]),
        items=tuple(_item_counts(tally, index, threshold) for index in asked),
        mean_exact=mean,
        variance_exact=variance,
    )


def _shares(tally: _RoleTally, asked: list[int]) -> tuple[int, int, int]:
    """Favourable (h >= 4) and unfavourable (h <= 2) answers, and all answers, over the items."""
    favourable = unfavourable = answered = 0
    for index in asked:
        histogram = tally.histograms[index]
        agree, disagree = histogram[4] + histogram[5], histogram[1] + histogram[2]
        favourable += disagree if tally.items[index].negative else agree
        unfavourable += agree if tally.items[index].negative else disagree
        answered += sum(histogram[1:])
    return favourable, unfavourable, answered


def _item_counts(tally: _RoleTally, index: int, threshold: int) -> ItemCounts:
    """scoring.md, "Per item": counts only where at least k of the role answered the item."""
    counts = tally.histograms[index]
    shown = sum(counts[1:]) >= threshold
    return ItemCounts(
        tally.items[index].key, (counts[1], counts[2], counts[3], counts[4], counts[5]) if shown else None
    )


def _mode_score(key: str, roles: dict[str, RoleModeScore], withheld_roles: tuple[str, ...]) -> ModeScore:
    """scoring.md, "Per mode", over the shown roles, which come in survey order to settle ties."""
    if not roles:
        return ModeScore(key, None, None, None, None, None, False, withheld_roles, roles)
    means = [(role, score.mean_exact) for role, score in roles.items()]
    overall = sum((mean for _, mean in means), Fraction(0)) / len(means)
    overall_ci95 = mean_interval(overall, list(roles.values()))
    if len(means) < 2:
        return ModeScore(
            key,
            float(overall),
            level_of(overall),
            None,
            None,
            None,
            False,
            withheld_roles,
            roles,
            overall_ci95,
            overall,
        )
    # min and max return the first of equal candidates, that is the first in survey order.
    smallest = min(means, key=itemgetter(1))
    largest = max(means, key=itemgetter(1))
    gap = largest[1] - smallest[1]
    # When every role ties, scoring.md names the first role twice and the interval is [0, 0].
    tied = smallest[0] == largest[0]
    gap_ci95 = (0.0, 0.0) if tied else welch_interval(gap, roles[smallest[0]], roles[largest[0]])
    misaligned = gap >= MISALIGNED_FROM and gap_ci95[0] > 0
    return ModeScore(
        key,
        float(overall),
        level_of(overall),
        float(gap),
        (smallest[0], largest[0]),
        gap_ci95,
        misaligned,
        withheld_roles,
        roles,
        overall_ci95,
        overall,
    )


def score_survey(design: SurveyDesign, responses: Iterable[Answers]) -> SurveyScores:
    """Every figure of scoring.md for one survey, from its submitted responses only."""
    if design.threshold < SMALLEST_THRESHOLD:
        raise ValueError(f"The anonymity threshold must be at least {SMALLEST_THRESHOLD}.")
    tallies = _tally(design, responses)
    counts = {role: RoleCount(tally.submitted, tally.submitted >= design.threshold) for role, tally in tallies.items()}
    reportable = [role for role, count in counts.items() if count.reportable]
    if not reportable:
        return SurveyScores(True, counts, (), None)
    modes = tuple(_survey_mode(design, tallies, reportable, index) for index in range(len(design.modes)))
    overall = [mode.overall_exact for mode in modes if mode.overall_exact is not None]
    health = float(100 * (1 - sum(overall, Fraction(0)) / len(overall))) if overall else None
    return SurveyScores(False, counts, modes, health)


def _survey_mode(design: SurveyDesign, tallies: dict[str, _RoleTally], reportable: list[str], index: int) -> ModeScore:
    scored = {role: _role_mode_score(tallies[role], index, design.threshold) for role in reportable}
    shown = {role: score for role, score in scored.items() if score is not None}
    withheld = tuple(role for role, score in scored.items() if score is None)
    return _mode_score(design.modes[index], shown, withheld)
