"""The report's first page: what a VP reads in two minutes, in plain words, from the same figures.

It says who answered (and who is left out and why), what the health index means, the three
failure modes to look at first with what to do about each, and the disagreements between roles
that the data supports (`misaligned` only). Intervals, spreads and agreement indices stay in
the appendix (reports.sentences writes those sentences); nothing here is computed anew: every
figure and decision comes from the scoring module through the report's sections, and prints
through reports.figures.

It never ranks what the data cannot tell apart: the modes to look at first are named in the
questionnaire's order, and when another mode's interval overlaps theirs it is named as one the
data cannot tell apart from them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from reports.figures import figure_text, whole_text
from reports.report_rounds import ReportRounds
from reports.report_sections import ModeSection, RoleLine
from reports.scoring import HIGH_FROM, MODERATE_FROM, level_of
from reports.sentences import listed, lower_first, overlaps, people, plural

WORRIES_SHOWN = 3
# The first page lists this many of the open actions, soonest due first.
IN_FLIGHT_SHOWN = 4
SCALE_WORDS = "Risk runs from 0 (healthy) to 1 (the failure mode fully present)."
HEALTH_MEANING = "100 would mean that nobody sees any failure mode in the team's work, 0 that all see all of them."
LEVEL_WORDS = {
    "low": "low: most answers point at a healthy team",
    "moderate": "moderate: the answers are split between health and the risk",
    "high": "high: most answers point at the risk",
}
NO_WORRY = "No failure mode reaches moderate risk, and no two roles disagree in a way the data can confirm."
NO_DISAGREEMENT = "No two roles disagree on a failure mode in a way the data can confirm."


@dataclass(frozen=True)
class Worry:
    """A failure mode to look at first: why, in words, and the first thing to do about it."""

    key: str
    title: str
    why: str
    first_step: str


@dataclass(frozen=True)
class ExecutiveSummary:
    health_figure: str
    health_meaning: str
    scale: str
    health_level: str
    participation_note: str
    worries: tuple[Worry, ...]
    also_tied: str
    disagreements: tuple[str, ...]
    no_disagreement: str
    # Empty for a team's first round.
    since: tuple[str, ...]
    in_flight: tuple[str, ...]


def executive_summary_build(
    *, modes: Sequence[ModeSection], roles: Sequence[RoleLine], health_index: float | None, rounds: ReportRounds
) -> ExecutiveSummary:
    scored = [mode for mode in modes if mode.score is not None and mode.score.overall_exact is not None]
    worries = _worries(scored)
    return ExecutiveSummary(
        health_figure=whole_text(health_index),
        health_meaning=HEALTH_MEANING,
        scale=SCALE_WORDS,
        health_level=_health_level(health_index),
        participation_note=_participation_note(roles),
        worries=tuple(_worry(mode) for mode in worries),
        also_tied=_also_tied(worries, scored),
        disagreements=tuple(_disagreement(mode, roles) for mode in scored if mode.misaligned),
        no_disagreement="" if any(mode.misaligned for mode in scored) else NO_DISAGREEMENT,
        since=_since(rounds),
        in_flight=_in_flight(rounds),
    )


def _since(rounds: ReportRounds) -> tuple[str, ...]:
    """Improved and worsened only where the change is credible (scoring.md); the rest is no clear change."""
    since = rounds.since
    if since is None:
        return ()
    if since.reason:
        return (since.reason,)
    number = since.previous_round
    improved, worsened = rounds.improved, rounds.worsened
    sentences = []
    if improved:
        sentences.append(f"Improved since round {number}: {_quoted(improved)}.")
    if worsened:
        sentences.append(f"Worsened since round {number}: {_quoted(worsened)}.")
    unclear = rounds.compared_count - len(improved) - len(worsened)
    if unclear:
        others = "the other" if improved or worsened else "all"
        modes = "failure mode" if unclear == 1 else "failure modes"
        sentences.append(f"No clear change on {others} {unclear} {modes}: within what chance gives with so few people.")
    return tuple(sentences)


def _in_flight(rounds: ReportRounds) -> tuple[str, ...]:
    lines = [
        f"{action.what} (“{title}”): {action.owner_name}, due {action.due_on:%-d %B %Y}, "
        f"{action.get_status_display().lower()}."
        for title, action in rounds.in_flight[:IN_FLIGHT_SHOWN]
    ]
    hidden = len(rounds.in_flight) - IN_FLIGHT_SHOWN
    if hidden > 0:
        lines.append(f"And {hidden} more: see “What the team is doing about it”.")
    return tuple(lines)


def _quoted(titles: Sequence[str]) -> str:
    return listed([f"“{title}”" for title in titles])


def _health_level(health_index: float | None) -> str:
    """Where the average failure mode lies on the risk scale, with the cut points in health terms.

    The health index is 100 x (1 - the mean overall risk), so that mean is read back from it
    exactly (a float is an exact binary fraction) and given scoring's own level.
    """
    if health_index is None:
        return ""
    mean = 1 - Fraction(health_index) / 100
    return (
        f"On average, a failure mode is at {LEVEL_WORDS[level_of(mean)]} (above "
        f"{figure_text(100 * (1 - MODERATE_FROM), places=1)} would be low risk, "
        f"{figure_text(100 * (1 - HIGH_FROM), places=1)} or below high)."
    )


def _participation_note(roles: Sequence[RoleLine]) -> str:
    shown = [role for role in roles if role.reportable]
    if not shown:
        return ""
    return f"From {listed([people(role.submitted, role.title) for role in shown])}."


def _concern(mode: ModeSection) -> tuple[int, int, Fraction]:
    """How much a mode calls for attention: its level first, then a confirmed gap, then its risk."""
    rank = {"high": 2, "moderate": 1}.get(mode.level or "", 0)
    overall = mode.score.overall_exact if mode.score and mode.score.overall_exact is not None else Fraction(0)
    return (rank, int(mode.misaligned), overall)


def _worries(modes: Sequence[ModeSection]) -> list[ModeSection]:
    """Up to three modes at moderate or high risk, or misaligned, in the questionnaire's order."""
    candidates = [mode for mode in modes if mode.has_page]
    chosen = sorted(candidates, key=_concern, reverse=True)[:WORRIES_SHOWN]
    return [mode for mode in modes if mode in chosen]


def _worry(mode: ModeSection) -> Worry:
    assert mode.score is not None
    assert mode.score.overall_risk is not None
    why = f"{(mode.level or '').capitalize()} risk ({figure_text(mode.score.overall_risk)})"
    if mode.misaligned:
        why += "; the roles see it differently"
    first_step = mode.recommendations[0] if mode.recommendations else ""
    return Worry(mode.key, mode.title, f"{why}.", first_step)


def _also_tied(worries: Sequence[ModeSection], modes: Sequence[ModeSection]) -> str:
    """The other modes at moderate risk or more that the data cannot tell apart from those chosen."""
    if not worries:
        return NO_WORRY
    others = [
        mode
        for mode in modes
        if mode not in worries
        and mode.level in ("moderate", "high")
        and any(overlaps(_interval(mode), _interval(worry)) for worry in worries)
    ]
    if not others:
        return ""
    names = listed([f"“{mode.title}”" for mode in others])
    return f"Also at moderate risk or above, and not told apart from these by the data: {names}."


def _interval(mode: ModeSection) -> tuple[float, float] | None:
    return mode.score.overall_ci95 if mode.score else None


def _disagreement(mode: ModeSection, roles: Sequence[RoleLine]) -> str:
    assert mode.score is not None
    assert mode.score.gap_roles is not None
    titles = {role.key: role.title for role in roles}
    low, high = mode.score.gap_roles
    return (
        f"{plural(titles.get(high, high))} see more risk in “{mode.title}” than "
        f"{lower_first(plural(titles.get(low, low)))}: {figure_text(mode.score.roles[high].mean_risk)} against "
        f"{figure_text(mode.score.roles[low].mean_risk)}."
    )
