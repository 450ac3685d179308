"""A team's trend: each failure mode's overall risk, and each shown role's, round after round.

Every point comes from a published snapshot (privacy.md): the given results for the round
being read, and each earlier round's latest published results; a round with none is left
out. Later rounds are left out too, so that the page or report of round 2 reads the same
once round 3 exists. Each round's figures are its own, over all of its statements: unlike
the change (reports.changes), a trend point is not restricted to shared statements.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from reports.models import PublishedResults
from reports.results import Results, results_load
from reports.selectors import ModeInfo
from surveys.models import BankRole, Survey


@dataclass(frozen=True)
class TrendPoint:
    """One round's figures on one mode; `roles` holds the roles shown on it, in its survey order."""

    round_number: int
    overall_risk: float | None
    level: str | None
    roles: dict[str, float]


@dataclass(frozen=True)
class ModeTrend:
    key: str
    title: str
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class TeamTrend:
    """Rounds in order; `published` names the snapshot each point comes from (round to its id)."""

    modes: tuple[ModeTrend, ...]
    role_titles: dict[str, str]
    published: dict[int, int]

    @property
    def rounds(self) -> int:
        return len(self.published)


def trend_build(
    *,
    modes: Sequence[ModeInfo],
    rounds: Sequence[tuple[int, Results]],
    role_titles: Mapping[str, str],
    published: Mapping[int, int],
) -> TeamTrend:
    """The trend of the given modes over the rounds' results (round number, results), in order."""
    trends = []
    for mode in modes:
        points = []
        for round_number, results in rounds:
            score = next((score for score in results.scores.modes if score.key == mode.key), None)
            if score is None:
                points.append(TrendPoint(round_number, None, None, {}))
                continue
            roles = {role: figures.mean_risk for role, figures in score.roles.items()}
            points.append(TrendPoint(round_number, score.overall_risk, score.level, roles))
        trends.append(ModeTrend(mode.key, mode.title, tuple(points)))
    return TeamTrend(tuple(trends), dict(role_titles), dict(published))


def team_trend(*, survey: Survey, published: PublishedResults, modes: Sequence[ModeInfo]) -> TeamTrend:
    """The trend up to `survey`'s round, which reads `published`, in three queries."""
    earlier = (
        Survey.objects.filter(team_id=survey.team_id, round_number__lt=survey.round_number)
        .annotate(latest=_latest_published_id())
        .filter(latest__isnull=False)
        .order_by("round_number")
        .values_list("round_number", "latest", "bank_id")
    )
    rows = list(earlier)
    snapshots = {row.pk: row for row in PublishedResults.objects.filter(pk__in=[latest for _, latest, _ in rows])}
    snapshots[published.pk] = published
    rounds = [(number, snapshots[latest]) for number, latest, _ in rows] + [(survey.round_number, published)]
    banks = {bank for _, _, bank in rows} | {survey.bank_id}
    return trend_build(
        modes=modes,
        rounds=[(number, results_load(snapshot.results)) for number, snapshot in rounds],
        role_titles=_role_titles(banks=banks, survey=survey),
        published={number: snapshot.pk for number, snapshot in rounds},
    )


def _latest_published_id() -> Subquery:
    latest = PublishedResults.objects.filter(survey=OuterRef("pk")).order_by("-sequence").values("pk")[:1]
    return Subquery(latest)


def _role_titles(*, banks: set[int], survey: Survey) -> dict[str, str]:
    """Role titles of every round's bank, this survey's bank winning where two differ."""
    rows = BankRole.objects.filter(bank_id__in=banks).values_list("bank_id", "key", "title")
    ordered = sorted(rows, key=lambda row: row[0] == survey.bank_id)
    return {key: title for _, key, title in ordered}
