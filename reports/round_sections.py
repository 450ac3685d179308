""" "Since the last round": the change stored in published results and the team's trend, ready to show.

`since_last_round_build` gathers everything a page or report shows of it, in a fixed number
of queries, as plain dataclasses with the roles' titles and the sentences already written,
so that templates only read. The change comes from the snapshot being shown, never from
answers (privacy.md); the trend from each round's published results (reports.trends).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from reports.changes import IMPROVED, MIXED, WORSENED, ModeChange, RoleChange
from reports.figures import change_text, figure_text, interval_text
from reports.models import PublishedResults
from reports.publishing import PREVIOUS_NOT_PUBLISHED, PREVIOUS_UNPUBLISHED_ANSWERS
from reports.results import PreviousRound, Results
from reports.selectors import ModeInfo
from reports.trend_chart import trend_chart_svg
from reports.trends import ModeTrend, TeamTrend, team_trend
from surveys.models import Survey

REASONS = {
    PREVIOUS_NOT_PUBLISHED: "Round {number} has no published results, so there is nothing to compare these with.",
    PREVIOUS_UNPUBLISHED_ANSWERS: (
        "Round {number} has answers that its published results do not include, so these results were not "
        "compared with it: publish round {number}'s results again, then publish these again."
    ),
}
NOT_RECORDED = (
    "These results were published before changes between rounds were recorded: publish them again to "
    "compare them with round {number}."
)
METHOD_SENTENCE = (
    "Only the statements asked in both rounds in the same words are compared, and only roles shown in both "
    "rounds. A change is called improved or worsened only when its 95% interval excludes 0; otherwise there "
    "is no clear change. A negative change means lower risk."
)
FIRST_ROUND = "This is the team's first round: there is no earlier round to compare with."
NOT_COMPARED = "Not compared: none of its statements was asked in round {number} in the same words."
SHOWN_THEN_ONLY = "Shown in round {number} only: {roles} (too few answered this part this round)."
SHOWN_NOW_ONLY = "Shown in this round only: {roles} (too few answered this part in round {number})."
VERDICTS = {IMPROVED: "Improved", WORSENED: "Worsened", MIXED: "Mixed"}
NO_CLEAR_CHANGE_WORDS = "No clear change"


@dataclass(frozen=True)
class RoleChangeLine:
    title: str
    change: RoleChange

    @property
    def sentence(self) -> str:
        """ "Engineers: improved, -0.25 (95% interval -0.40 to -0.10), from 0.61 to 0.36.\""""
        figures = self.change
        verdict = figures.verdict
        return (
            f"{self.title}s: {verdict}, {change_text(figures.change)} (95% interval "
            f"{interval_text(figures.change_ci95)}), from {figure_text(figures.then_risk)} to "
            f"{figure_text(figures.now_risk)}."
        )


@dataclass(frozen=True)
class ModeChangeSection:
    """One failure mode; `change` is None when it was not compared (no shared statement)."""

    key: str
    title: str
    change: ModeChange | None
    headline: str
    roles: tuple[RoleChangeLine, ...]
    # Sentences naming the roles shown in one round only, and why a mode was not compared.
    notes: tuple[str, ...]
    trend: ModeTrend
    trend_chart: SafeString | None


@dataclass(frozen=True)
class SinceLastRound:
    """What a reader is told about the previous round; `reason` is set when nothing was compared."""

    previous_round: int
    previous_title: str
    previous_published_on: str | None
    reason: str
    modes: tuple[ModeChangeSection, ...]
    trend: TeamTrend

    @property
    def compared(self) -> bool:
        return not self.reason

    @property
    def method(self) -> str:
        return METHOD_SENTENCE


def since_last_round_build(
    *,
    survey: Survey,
    results: Results,
    published: PublishedResults,
    modes: Sequence[ModeInfo],
    role_titles: Mapping[str, str],
) -> SinceLastRound | None:
    """The section for `results` (the snapshot `published`), or None for a first round."""
    if survey.round_number <= 1:
        return None
    trend = team_trend(survey=survey, published=published, modes=modes)
    titles = {**trend.role_titles, **role_titles}
    previous = results.previous
    number = survey.round_number - 1 if previous is None else previous.round_number
    earlier = Survey.objects.filter(team_id=survey.team_id, round_number=number).values_list("title", flat=True)
    return SinceLastRound(
        previous_round=number,
        previous_title=earlier.first() or "",
        previous_published_on=_published_on(previous),
        reason=_reason(previous, number),
        modes=tuple(_mode_section(mode, previous, trend, titles, number) for mode in modes),
        trend=trend,
    )


def since_last_round_missing(*, survey: Survey, previous: PreviousRound | None) -> str:
    """Why published results hold no change from the previous round, in one sentence."""
    if survey.round_number <= 1:
        return FIRST_ROUND
    number = survey.round_number - 1 if previous is None else previous.round_number
    return _reason(previous, number)


def _published_on(previous: PreviousRound | None) -> str | None:
    if previous is None or previous.published_on is None:
        return None
    return f"{previous.published_on:%-d %B %Y}"


def _reason(previous: PreviousRound | None, number: int) -> str:
    if previous is None:
        return NOT_RECORDED.format(number=number)
    if previous.change is None:
        return REASONS[previous.reason].format(number=number)
    return ""


def _mode_section(
    mode: ModeInfo, previous: PreviousRound | None, trend: TeamTrend, titles: Mapping[str, str], number: int
) -> ModeChangeSection:
    mode_trend = next(item for item in trend.modes if item.key == mode.key)
    # A chart needs two rounds with a figure on the mode to show a direction.
    drawn = sum(point.overall_risk is not None for point in mode_trend.points) >= 2
    chart = trend_chart_svg(trend=mode_trend, role_titles=titles) if drawn else None
    change = _mode_change(previous, mode.key)
    if change is None:
        compared = previous is not None and previous.change is not None
        notes = (NOT_COMPARED.format(number=number),) if compared else ()
        return ModeChangeSection(mode.key, mode.title, None, "", (), notes, mode_trend, chart)
    roles = tuple(RoleChangeLine(titles.get(role, role), figures) for role, figures in change.roles.items())
    return ModeChangeSection(
        mode.key, mode.title, change, _headline(change, roles), roles, _notes(change, titles, number), mode_trend, chart
    )


def _mode_change(previous: PreviousRound | None, key: str) -> ModeChange | None:
    if previous is None or previous.change is None:
        return None
    return next((mode for mode in previous.change.modes if mode.key == key), None)


def _headline(change: ModeChange, roles: Sequence[RoleChangeLine]) -> str:
    if not roles:
        return f"Not compared: no role is shown on it in both rounds ({change.shared_items} statements shared)."
    verdict = VERDICTS.get(change.verdict, NO_CLEAR_CHANGE_WORDS)
    return (
        f"{verdict}. Overall risk on the {change.shared_items} shared statements, over the roles shown in both "
        f"rounds: {change_text(change.overall_change)}."
    )


def _notes(change: ModeChange, titles: Mapping[str, str], number: int) -> tuple[str, ...]:
    notes = []
    if change.shown_then_only:
        roles = ", ".join(f"{titles.get(role, role)}s" for role in change.shown_then_only)
        notes.append(SHOWN_THEN_ONLY.format(number=number, roles=roles))
    if change.shown_now_only:
        roles = ", ".join(f"{titles.get(role, role)}s" for role in change.shown_now_only)
        notes.append(SHOWN_NOW_ONLY.format(number=number, roles=roles))
    return tuple(notes)
