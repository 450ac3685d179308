"""The organization overview: each team's latest published round, side by side as context.

product.md, "Executives see an organization overview". Every figure comes from a published
snapshot (privacy.md): a team's latest round that has published results, and its latest
results. A role below the anonymity threshold shows its participation only, and a round whose
results are withheld shows participation only. Teams are listed by name, never by score: the
overview is context, not a league table. A fixed number of queries, however many teams.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Subquery

from reports.action_selectors import actions_open
from reports.models import PublishedResults
from reports.publishing import published_results_of
from reports.report_sections import RoleLine, role_lines_build
from reports.results import PreviousRound, Results
from reports.round_sections import VERDICTS, since_last_round_missing
from surveys.models import BankMode, BankRole, Organization, Survey, Team


@dataclass(frozen=True)
class ChangeSummary:
    """The change since the team's previous round, as stored in the published results.

    `named` lists the compared modes whose change is credible (scoring.md: "improved" or
    "worsened" only when the interval says so; "mixed" when roles credibly moved both ways),
    as (the verdict's words, mode titles in the bank's order); every other compared mode shows
    no clear change. `missing` says, in the results page's words, why there is no change.
    """

    previous_round: int | None
    compared: int
    named: tuple[tuple[str, tuple[str, ...]], ...]
    missing: str

    @property
    def unclear(self) -> int:
        """How many compared modes show no clear change."""
        return self.compared - sum(len(titles) for _verdict, titles in self.named)


@dataclass(frozen=True)
class TeamOverview:
    """A team as the overview shows it; `published` is None while no round of it has results."""

    team: Team
    newest_round: int | None
    published: PublishedResults | None
    results: Results | None
    roles: tuple[RoleLine, ...]
    high_risk: tuple[str, ...]
    open_actions: int
    change: ChangeSummary | None = None

    @property
    def survey(self) -> Survey | None:
        return None if self.published is None else self.published.survey

    @property
    def withheld(self) -> bool:
        return self.results is not None and self.results.scores.withheld

    @property
    def hidden_roles(self) -> tuple[RoleLine, ...]:
        return tuple(role for role in self.roles if not role.reportable)

    @property
    def newer_round(self) -> int | None:
        """The number of a round newer than the published one (open, or not published yet)."""
        survey = self.survey
        if self.newest_round is None or (survey is not None and survey.round_number >= self.newest_round):
            return None
        return self.newest_round


def organization_overview(*, organization: Organization) -> list[TeamOverview]:
    """Every team of the organization by name, each with its latest published round: five queries."""
    teams = list(
        Team.objects.filter(organization=organization)
        .annotate(newest_round=Max("rounds__round_number"))
        .order_by("name", "id")
    )
    published = _latest_published_rounds(organization=organization)
    banks = {row.survey.bank_id for row in published.values()}
    role_titles = _titles(BankRole.objects.filter(bank_id__in=banks).values_list("bank_id", "key", "title"))
    mode_titles = _titles(
        BankMode.objects.filter(bank_id__in=banks).order_by("position").values_list("bank_id", "key", "title")
    )
    open_actions = _open_actions_per_team(organization=organization)
    return [
        _team_overview(team, published.get(team.pk), role_titles, mode_titles, open_actions.get(team.pk, 0))
        for team in teams
    ]


def _latest_published_rounds(*, organization: Organization) -> dict[int, PublishedResults]:
    """Per team id: the latest results of its newest round that has any, in one query."""
    newest_sequence = (
        PublishedResults.objects.filter(survey=OuterRef("survey")).order_by("-sequence").values("sequence")[:1]
    )
    newest_published_round = (
        Survey.objects.filter(team=OuterRef("survey__team"), published_results__isnull=False)
        .order_by("-round_number")
        .values("pk")[:1]
    )
    rows = PublishedResults.objects.filter(
        survey__organization=organization,
        sequence=Subquery(newest_sequence),
        survey_id=Subquery(newest_published_round),
    ).select_related("survey")
    return {row.survey.team_id: row for row in rows}


def _open_actions_per_team(*, organization: Organization) -> dict[int, int]:
    """Planned or doing actions of every round of each team (an earlier round's may still be open)."""
    rows = (
        actions_open(surveys=Survey.objects.filter(organization=organization))
        .order_by()
        .values("survey__team_id")
        .annotate(count=Count("pk"))
        .values_list("survey__team_id", "count")
    )
    return dict(rows)


def _titles(rows: Iterable[tuple[int, str, str]]) -> dict[int, dict[str, str]]:
    """bank id -> key -> title, in the rows' order."""
    titles: dict[int, dict[str, str]] = defaultdict(dict)
    for bank_id, key, title in rows:
        titles[bank_id][key] = title
    return titles


def _team_overview(
    team: Team,
    published: PublishedResults | None,
    role_titles: dict[int, dict[str, str]],
    mode_titles: dict[int, dict[str, str]],
    open_actions: int,
) -> TeamOverview:
    newest_round = getattr(team, "newest_round", None)
    if published is None:
        return TeamOverview(team, newest_round, None, None, (), (), open_actions)
    results = published_results_of(published)
    bank_id = published.survey.bank_id
    titles = {key: role_titles[bank_id].get(key, key) for key in published.survey.roles}
    roles = role_lines_build(scores=results.scores, participation=results.participation, titles=titles)
    high = {mode.key for mode in results.scores.modes if mode.level == "high"}
    # In the bank's order, like every list of modes: never sorted by risk.
    high_risk = tuple(title for key, title in mode_titles[bank_id].items() if key in high)
    change = _change_summary(published.survey, results.previous, mode_titles[bank_id])
    return TeamOverview(team, newest_round, published, results, roles, high_risk, open_actions, change)


def _change_summary(survey: Survey, previous: PreviousRound | None, titles: dict[str, str]) -> ChangeSummary:
    missing = since_last_round_missing(survey=survey, previous=previous)
    if previous is None or previous.change is None:
        return ChangeSummary(None if previous is None else previous.round_number, 0, (), missing)
    verdicts = {mode.key: mode.verdict for mode in previous.change.modes}
    named = tuple(
        (words, tuple(title for key, title in titles.items() if verdicts.get(key) == verdict))
        for verdict, words in VERDICTS.items()
        if verdict in verdicts.values()
    )
    return ChangeSummary(previous.round_number, len(previous.change.modes), named, missing)
