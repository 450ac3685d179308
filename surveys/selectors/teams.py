from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Max, QuerySet
from django.http import Http404

from surveys.models import Invitation, Survey, Team
from surveys.selectors.organizations import organizations_led_by, organizations_viewed_by


def teams_for_member(*, user: User | AnonymousUser) -> QuerySet[Team]:
    """The teams of every organization the user belongs to, as lead or viewer."""
    return Team.objects.filter(organization__in=organizations_viewed_by(user=user)).select_related("organization")


def team_get_for_member(*, user: User | AnonymousUser, pk: int) -> Team:
    """The team, for any member of its organization; 404 for anyone else."""
    team = teams_for_member(user=user).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def team_get_for_lead(*, user: User | AnonymousUser, pk: int) -> Team:
    """The team, for an owner or lead of its organization; 404 for anyone else."""
    team = Team.objects.filter(organization__in=organizations_led_by(user=user), pk=pk).first()
    if team is None:
        raise Http404
    return team


def team_rounds(*, team: Team) -> QuerySet[Survey]:
    """The team's surveys, round 1 first."""
    return team.rounds.select_related("bank").order_by("round_number")


def team_round_next(*, team: Team) -> int:
    """The number the team's next round would take (surveys.services.teams takes it under a lock)."""
    latest = team.rounds.aggregate(latest=Max("round_number"))["latest"]
    return (latest or 0) + 1


def round_previous(*, survey: Survey) -> Survey | None:
    """The team's round before this one, or None for a first round."""
    return (
        Survey.objects.select_related("bank", "team")
        .filter(team_id=survey.team_id, round_number__lt=survey.round_number)
        .order_by("-round_number")
        .first()
    )


def round_invited_rows(*, survey: Survey) -> list[tuple[str, str]]:
    """(address, role) of the round's live personal invitations with an address, oldest first."""
    invitations = survey.invitations.filter(kind=Invitation.Kind.PERSONAL, revoked_at__isnull=True).exclude(email="")
    return [(email, roles[0]) for email, roles in invitations.order_by("id").values_list("email", "roles")]
