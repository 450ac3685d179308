"""The parts of a report's data: roles, one section per failure mode, and the earlier survey.

Figures are copied from export_scores' document, never computed here; what is counted here
is raw answers (how many chose each point of the scale) and the comments to show.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reports.exports import scores_document
from reports.results import Results
from reports.scoring import LIKERT, TEXT, ModeScore, SurveyScores
from reports.selectors import ModeInfo
from surveys.models import BankMode, BankQuestion, Survey

# An executive reads the report in minutes: a random sample of comments per mode, said so.
MAX_COMMENTS_PER_MODE = 30
MAX_COMMENT_CHARS = 1500
LIKERT_POINTS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class RoleLine:
    key: str
    title: str
    invited: int | None
    submitted: int
    reportable: bool


@dataclass(frozen=True)
class RoleFigures:
    """One reportable role's figures for one mode, exactly as export_scores gives them."""

    role: str
    title: str
    n: int
    mean_risk: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    dont_know_rate: float | None
    rwg_j: float | None


@dataclass(frozen=True)
class ItemDistribution:
    """How a reportable role answered one likert item: counts of 1..5 and of "don't know"."""

    key: str
    role: str
    role_title: str
    text: str
    polarity: str
    counts: tuple[int, ...]
    dont_know: int


@dataclass(frozen=True)
class ModeSection:
    key: str
    title: str
    category: str
    description: str
    source: str
    recommendations: tuple[str, ...]
    overall_risk: float | None
    level: str | None
    gap: float | None
    misaligned: bool
    roles: tuple[RoleFigures, ...]
    items: tuple[ItemDistribution, ...]
    comments: tuple[str, ...]
    comments_total: int

    @property
    def has_page(self) -> bool:
        """product.md: a page for each mode at moderate or high risk, or misaligned."""
        return self.level in ("moderate", "high") or self.misaligned


@dataclass(frozen=True)
class ModeChange:
    key: str
    title: str
    then: float | None
    now: float | None


@dataclass(frozen=True)
class Comparison:
    title: str
    opened_on: str
    withheld: bool
    changes: tuple[ModeChange, ...]


def mode_sections_build(
    *,
    bank_modes: Sequence[BankMode],
    questions: Sequence[BankQuestion],
    results: Results,
    roles: Sequence[RoleLine],
    document: Mapping[str, Any],
) -> tuple[ModeSection, ...]:
    shown = {role.key: role for role in roles if role.reportable}
    figures = {entry["key"]: entry for entry in document["failure_modes"]}
    scores = {mode.key: mode for mode in results.scores.modes}
    sections = []
    for mode in bank_modes:
        mode_questions = [question for question in questions if question.mode == mode.key and question.role in shown]
        entry = figures.get(mode.key)
        sections.append(
            ModeSection(
                key=mode.key,
                title=mode.title,
                category=mode.category,
                description=mode.description,
                source=mode.source,
                recommendations=tuple(mode.recommendations),
                overall_risk=entry["overall_risk"] if entry else None,
                level=entry["level"] if entry else None,
                gap=entry["gap"] if entry else None,
                misaligned=bool(entry and entry["misaligned"]),
                roles=_role_figures(entry, shown),
                items=_distributions(mode_questions, scores.get(mode.key), results, shown),
                **_comments(mode_questions, results),
            )
        )
    return tuple(sections)


def _role_figures(entry: Mapping[str, Any] | None, shown: Mapping[str, RoleLine]) -> tuple[RoleFigures, ...]:
    if entry is None:
        return ()
    lines = []
    for role, line in shown.items():
        score = entry["roles"].get(role)
        if score is None:
            continue
        ci_low, ci_high = score["ci95"] or (None, None)
        lines.append(
            RoleFigures(
                role,
                line.title,
                score["n"],
                score["mean_risk"],
                score["sd"],
                ci_low,
                ci_high,
                score["dont_know_rate"],
                score["rwg_j"],
            )
        )
    return tuple(lines)


def _distributions(
    questions: Sequence[BankQuestion], score: ModeScore | None, results: Results, shown: Mapping[str, RoleLine]
) -> tuple[ItemDistribution, ...]:
    """The published answer counts of each item (scoring.md: only items k of the role answered)."""
    if score is None:
        return ()
    items = []
    for question in questions:
        role_score = score.roles.get(question.role)
        if question.kind != LIKERT or role_score is None:
            continue
        counts = next((item.counts for item in role_score.items if item.key == question.key), None)
        if counts is None:
            continue
        items.append(
            ItemDistribution(
                key=question.key,
                role=question.role,
                role_title=shown[question.role].title,
                text=question.text,
                polarity=question.polarity or "",
                counts=counts,
                dont_know=results.scores.roles[question.role].submitted - sum(counts),
            )
        )
    return tuple(items)


def _comments(questions: Sequence[BankQuestion], results: Results) -> dict[str, Any]:
    """The mode's published comments (reportable roles only, in the snapshot's random order)."""
    keys = {question.key for question in questions if question.kind == TEXT}
    comments = [_shortened(comment.text) for comment in results.comments if comment.question in keys]
    return {"comments": tuple(comments[:MAX_COMMENTS_PER_MODE]), "comments_total": len(comments)}


def _shortened(words: str) -> str:
    return words if len(words) <= MAX_COMMENT_CHARS else words[: MAX_COMMENT_CHARS - 1].rstrip() + "…"


def comparison_build(
    *, earlier: Survey, earlier_scores: SurveyScores, now: Mapping[str, Any], modes: Sequence[ModeInfo]
) -> Comparison:
    """Overall risk per mode, then and now, both as export_scores gives them."""
    then = scores_document(survey=earlier, scores=earlier_scores, participation=(), modes=modes)
    then_risk = {entry["key"]: entry["overall_risk"] for entry in then["failure_modes"]}
    now_risk = {entry["key"]: entry["overall_risk"] for entry in now["failure_modes"]}
    changes = tuple(ModeChange(mode.key, mode.title, then_risk.get(mode.key), now_risk.get(mode.key)) for mode in modes)
    return Comparison(earlier.title, timezone.localdate(earlier.created_at).isoformat(), then["withheld"], changes)
