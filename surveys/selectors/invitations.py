"""Reads for the lead's survey pages: progress per role and the list of invitations.

Progress is counted per role, never per person: which member answered what is never shown.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import formats, timezone

from surveys.models import Invitation, Response, Survey
from surveys.selectors.participation import survey_participation
from surveys.selectors.surveys import survey_role_titles


@dataclass(frozen=True)
class RoleProgressRow:
    key: str
    title: str
    invited: int
    opened: int
    submitted: int
    open_link: bool


def survey_progress(*, survey: Survey) -> list[RoleProgressRow]:
    """Invited, opened (personal links) and submitted (every source) per role, in four queries.

    Invited and submitted are survey_participation's, the one rule for them; only "opened" and
    which roles an open link serves are read here.
    """
    opened = dict.fromkeys(survey.roles, 0)
    open_roles: set[str] = set()
    live = Invitation.objects.filter(survey=survey, revoked_at__isnull=True)
    for kind, roles, was_opened in live.values_list("kind", "roles", "opened"):
        if kind == Invitation.Kind.OPEN:
            open_roles.update(roles)
        elif roles and roles[0] in opened:
            opened[roles[0]] += was_opened
    participation = {role.role: role for role in survey_participation(survey=survey)}
    return [
        RoleProgressRow(
            key, title, participation[key].invited or 0, opened[key], participation[key].submitted, key in open_roles
        )
        for key, title in survey_role_titles(survey=survey).items()
    ]


def invitations_for_survey(*, survey: Survey) -> QuerySet[Invitation]:
    """The survey's invitations for the lead's list, oldest first: the first link made is link 1.

    Addresses, labels and when they were sent; nothing of answers.
    """
    return Invitation.objects.filter(survey=survey).order_by("created_at", "id")


def invitation_name(*, invitation: Invitation, role_titles: dict[str, str]) -> str:
    """How a confirmation or a message names one link: its address, its label, or its kind, role and time."""
    if invitation.email:
        return invitation.email
    kind = "open link" if invitation.kind == Invitation.Kind.OPEN else "personal link"
    if invitation.label:
        return f"the {kind} “{invitation.label}”"
    roles = ", ".join(role_titles.get(role, role) for role in invitation.roles)
    made = formats.date_format(timezone.localtime(invitation.created_at), "j M Y, H:i")
    return f"the {kind} for {roles} made {made}"


@dataclass(frozen=True)
class SurveySummary:
    invited: int
    submitted: int


def surveys_progress_summary(*, surveys: list[Survey]) -> dict[int, SurveySummary]:
    """Personal invitations and submitted responses per survey, in two queries for any number."""
    ids = [survey.pk for survey in surveys]
    invited = dict(
        Invitation.objects.filter(survey_id__in=ids, kind=Invitation.Kind.PERSONAL, revoked_at__isnull=True)
        .order_by()
        .values("survey_id")
        .annotate(count=Count("id"))
        .values_list("survey_id", "count")
    )
    submitted = dict(
        Response.objects.filter(survey_id__in=ids, status=Response.Status.SUBMITTED)
        .order_by()
        .values("survey_id")
        .annotate(count=Count("*"))
        .values_list("survey_id", "count")
    )
    return {pk: SurveySummary(invited.get(pk, 0), submitted.get(pk, 0)) for pk in ids}
