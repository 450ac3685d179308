"""Participation per role: the one rule for who was invited and how many answered, and how.

Every page, export and report that shows participation reads it here. Nothing in it is per
person: a role's counts only (privacy.md).
"""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count

from surveys.models import Invitation, Response, Survey


@dataclass(frozen=True)
class RoleParticipation:
    """commands.md, `export_scores` "roles": invited counts live personal invitations only.

    `invited` is None when the role has no personal invitation (it was reached only by open
    links or imports, and nobody knows how many those reached). `submitted` counts every
    submitted response, of which `via_open_link` came through an open link and `imported`
    from a CSV.
    """

    role: str
    invited: int | None
    submitted: int
    via_open_link: int
    imported: int

    @property
    def via_personal_link(self) -> int:
        return self.submitted - self.via_open_link - self.imported

    @property
    def response_rate(self) -> Fraction | None:
        """Submitted through personal links / invited, exactly; None without personal invitations."""
        if self.invited is None:
            return None
        return Fraction(self.via_personal_link, self.invited)


def survey_participation(*, survey: Survey) -> list[RoleParticipation]:
    """Participation of each of the survey's roles, in survey order, in two queries."""
    invited = dict.fromkeys(survey.roles, 0)
    personal = Invitation.objects.filter(survey=survey, kind=Invitation.Kind.PERSONAL, revoked_at__isnull=True)
    # A personal invitation's roles are a list of exactly one role.
    for roles, count in personal.order_by().values("roles").annotate(count=Count("pk")).values_list("roles", "count"):
        if roles and roles[0] in invited:
            invited[roles[0]] += count
    submitted = {(role, source): 0 for role in survey.roles for source in Response.Source.values}
    responses = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).order_by()
    # COUNT(*), not COUNT(pk): the random primary key is not SQLite's rowid, so counting it
    # reads every row, while COUNT(*) is answered from the participation index alone.
    for role, source, count in (
        responses.values("role", "source").annotate(count=Count("*")).values_list("role", "source", "count")
    ):
        if (role, source) in submitted:
            submitted[role, source] = count
    return [
        RoleParticipation(
            role=role,
            invited=invited[role] or None,
            submitted=sum(submitted[role, source] for source in Response.Source.values),
            via_open_link=submitted[role, Response.Source.OPEN_LINK],
            imported=submitted[role, Response.Source.IMPORT],
        )
        for role in survey.roles
    ]
