"""Change between two rounds of a team, scoring.md "Change between rounds": plain data in and out.

Like reports.scoring, nothing here touches Django. Both rounds are scored again by
`score_survey` itself, on a design restricted to the likert statements they share (the same
key and the same wording), so that n, shown roles and means use only those statements and
every figure comes from the one implementation of scoring.md; the change's interval is the
gap's Welch interval (`welch_interval`). Changes are exact fractions and every decision
(which roles compare, the sign of a change) is taken on exact values; only the interval,
which holds a square root and a t quantile, is a float from the start.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from reports.scoring import (
    LIKERT,
    Answers,
    Interval,
    ModeScore,
    SurveyDesign,
    SurveyScores,
    score_survey,
    welch_interval,
)

IMPROVED, WORSENED, NO_CLEAR_CHANGE, MIXED = "improved", "worsened", "no clear change", "mixed"


@dataclass(frozen=True)
class RoundAnswers:
    """One round as scoring sees it, with the wording of its statements (key to text)."""

    design: SurveyDesign
    wording: Mapping[str, str]
    responses: Sequence[Answers]


@dataclass(frozen=True)
class RoleChange:
    """A role shown on the mode in both rounds; risks are its means on the shared statements."""

    role: str
    change: float
    change_ci95: Interval
    credible: bool
    then_risk: float
    now_risk: float
    change_exact: Fraction = field(repr=False)

    @property
    def verdict(self) -> str:
        """scoring.md: "improved" or "worsened" only for a credible change (risk down is better)."""
        if not self.credible or self.change_exact == 0:
            return NO_CLEAR_CHANGE
        return IMPROVED if self.change_exact < 0 else WORSENED


@dataclass(frozen=True)
class ModeChange:
    """One compared mode: `roles` in now's survey order; the roles shown in one round only apart."""

    key: str
    shared_items: int
    overall_change: float | None
    roles: dict[str, RoleChange]
    # Shown on the mode (on the shared statements) in one round and not the other: named, never
    # read as change (scoring.md).
    shown_then_only: tuple[str, ...]
    shown_now_only: tuple[str, ...]
    overall_exact: Fraction | None = field(default=None, repr=False)

    @property
    def verdict(self) -> str:
        """improved or worsened when every credible role change goes that way; mixed when both do."""
        verdicts = {role.verdict for role in self.roles.values()} - {NO_CLEAR_CHANGE}
        if not verdicts:
            return NO_CLEAR_CHANGE
        return verdicts.pop() if len(verdicts) == 1 else MIXED


@dataclass(frozen=True)
class RoundChange:
    """The change from "then" to "now": compared modes in now's order, and now's modes left out."""

    modes: tuple[ModeChange, ...]
    # Modes of now without a shared statement: scoring.md compares them not at all.
    not_compared: tuple[str, ...]


def shared_statements(then: RoundAnswers, now: RoundAnswers) -> frozenset[str]:
    """Likert keys asked in both rounds with the same wording (scoring.md, "Change between rounds")."""
    then_keys = _likert_keys(then.design)
    return frozenset(
        key
        for key in _likert_keys(now.design)
        if key in then_keys and key in then.wording and then.wording.get(key) == now.wording.get(key)
    )


def _likert_keys(design: SurveyDesign) -> set[str]:
    return {question.key for question in design.questions if question.kind == LIKERT and question.role in design.roles}


def restricted(design: SurveyDesign, keys: frozenset[str]) -> SurveyDesign:
    """The design with only the given likert statements (text questions carry no figure)."""
    return replace(design, questions=tuple(q for q in design.questions if q.kind == LIKERT and q.key in keys))


def round_change(then: RoundAnswers, now: RoundAnswers) -> RoundChange:
    """scoring.md, "Change between rounds", from round `then` to round `now`."""
    shared = shared_statements(then, now)
    then_design, now_design = restricted(then.design, shared), restricted(now.design, shared)
    then_scores = score_survey(then_design, then.responses)
    now_scores = score_survey(now_design, now.responses)
    items = Counter(question.mode for question in now_design.questions)
    compared = tuple(
        _mode_change(mode, items[mode], _mode_of(then_scores, mode), _mode_of(now_scores, mode))
        for mode in now_design.modes
        if items[mode]
    )
    return RoundChange(compared, tuple(mode for mode in now_design.modes if not items[mode]))


def _mode_of(scores: SurveyScores, key: str) -> ModeScore | None:
    return next((mode for mode in scores.modes if mode.key == key), None)


def _mode_change(key: str, shared_items: int, then: ModeScore | None, now: ModeScore | None) -> ModeChange:
    then_roles = then.roles if then is not None else {}
    now_roles = now.roles if now is not None else {}
    roles = {}
    for role, now_score in now_roles.items():
        then_score = then_roles.get(role)
        if then_score is None:
            continue
        change = now_score.mean_exact - then_score.mean_exact
        interval = welch_interval(change, then_score, now_score)
        roles[role] = RoleChange(
            role=role,
            change=float(change),
            change_ci95=interval,
            credible=interval[0] > 0 or interval[1] < 0,
            then_risk=then_score.mean_risk,
            now_risk=now_score.mean_risk,
            change_exact=change,
        )
    # The mean of the role changes is overall risk now minus then over the roles in both.
    overall = sum((role.change_exact for role in roles.values()), Fraction(0)) / len(roles) if roles else None
    return ModeChange(
        key=key,
        shared_items=shared_items,
        overall_change=None if overall is None else float(overall),
        roles=roles,
        shown_then_only=tuple(role for role in then_roles if role not in now_roles),
        shown_now_only=tuple(role for role in now_roles if role not in then_roles),
        overall_exact=overall,
    )
