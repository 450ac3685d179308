"""A team's pages: its rounds, with each round's participation and health index as published."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from reports.models import PublishedResults
from reports.publishing import published_latest_by_survey, published_results_of
from reports.results import Results
from surveys.http import AuthenticatedRequest
from surveys.models import Survey, Team
from surveys.selectors.organizations import organizations_led_by
from surveys.selectors.teams import team_get_for_member, team_rounds, teams_for_member


@dataclass(frozen=True)
class RoundRow:
    """A round as its team's page shows it: figures only from its latest published results."""

    survey: Survey
    results: Results | None

    @property
    def submitted(self) -> int | None:
        return None if self.results is None else sum(role.submitted for role in self.results.participation)

    @property
    def invited(self) -> int | None:
        if self.results is None:
            return None
        invited = [role.invited for role in self.results.participation if role.invited is not None]
        return sum(invited) if invited else None


@login_required
def team_list(request: AuthenticatedRequest) -> HttpResponse:
    teams = list(teams_for_member(user=request.user).order_by("organization__name", "name", "id"))
    rounds = Survey.objects.filter(team__in=teams).order_by("team_id", "-round_number")
    latest: dict[int, Survey] = {}
    counts: dict[int, int] = {}
    for survey in rounds:
        latest.setdefault(survey.team_id, survey)
        counts[survey.team_id] = counts.get(survey.team_id, 0) + 1
    rows = [(team, counts.get(team.pk, 0), latest.get(team.pk)) for team in teams]
    return render(request, "reports/teams/team_list.html", {"rows": rows})


@login_required
def team_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = team_get_for_member(user=request.user, pk=pk)
    rounds = list(team_rounds(team=team))
    published = published_latest_by_survey(surveys=rounds)
    rows = [_row(survey, published.get(survey.pk)) for survey in rounds]
    context = {
        "team": team,
        "rows": rows,
        "can_lead": _can_lead(request, team),
        "latest": rounds[-1] if rounds else None,
    }
    return render(request, "reports/teams/team_detail.html", context)


def _row(survey: Survey, published: PublishedResults | None) -> RoundRow:
    return RoundRow(survey, None if published is None else published_results_of(published))


def _can_lead(request: AuthenticatedRequest, team: Team) -> bool:
    return organizations_led_by(user=request.user).filter(pk=team.organization_id).exists()
