"""Revoking a link: a confirmation that names it, then an undo offered for a few minutes."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from surveys.http import AuthenticatedRequest
from surveys.models import Invitation, Survey
from surveys.selectors.invitations import invitation_name
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles
from surveys.services.invitations import REVOKE_UNDO_WINDOW, invitation_restore, invitation_revoke

INVITATION_REVOKED_MESSAGE = "Link revoked: {name} no longer opens the questionnaire."
INVITATION_RESTORED_MESSAGE = "Link restored: {name} opens the questionnaire again."
_UNDO_SESSION_KEY = "revoke_undo"


@dataclass(frozen=True)
class UndoOffer:
    invitation: Invitation
    name: str
    until: datetime


def _invitation(request: AuthenticatedRequest, pk: int, invitation_pk: int) -> tuple[Survey, Invitation]:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    return survey, get_object_or_404(Invitation, survey=survey, pk=invitation_pk)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke_view(request: AuthenticatedRequest, pk: int, invitation_pk: int) -> HttpResponse:
    survey, invitation = _invitation(request, pk, invitation_pk)
    titles = survey_role_titles(survey=survey)
    name = invitation_name(invitation=invitation, role_titles=titles)
    if invitation.revoked_at is not None:
        return redirect("surveys:invitations", pk=pk)
    if request.method == "GET":
        roles = ", ".join(titles.get(role, role) for role in invitation.roles)
        context = {"survey": survey, "invitation": invitation, "name": name, "roles": roles}
        return render(request, "surveys/invitation_revoke.html", context)
    invitation_revoke(invitation=invitation)
    request.session[f"{_UNDO_SESSION_KEY}:{survey.pk}"] = invitation.pk
    messages.success(request, INVITATION_REVOKED_MESSAGE.format(name=name))
    return redirect("surveys:invitations", pk=pk)


@login_required
@require_POST
def invitation_restore_view(request: AuthenticatedRequest, pk: int, invitation_pk: int) -> HttpResponse:
    survey, invitation = _invitation(request, pk, invitation_pk)
    request.session.pop(f"{_UNDO_SESSION_KEY}:{survey.pk}", None)
    try:
        invitation_restore(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = invitation_name(invitation=invitation, role_titles=survey_role_titles(survey=survey))
        messages.success(request, INVITATION_RESTORED_MESSAGE.format(name=name))
    return redirect("surveys:invitations", pk=pk)


def undo_offer(request: HttpRequest, *, survey: Survey) -> UndoOffer | None:
    """The link this browser revoked last on the survey, while it can still be restored."""
    key = f"{_UNDO_SESSION_KEY}:{survey.pk}"
    invitation_pk = request.session.get(key)
    if invitation_pk is None:
        return None
    since = timezone.now() - REVOKE_UNDO_WINDOW
    invitation = survey.invitations.filter(pk=invitation_pk, revoked_at__gte=since).first()
    if invitation is None or invitation.revoked_at is None:
        request.session.pop(key, None)
        return None
    name = invitation_name(invitation=invitation, role_titles=survey_role_titles(survey=survey))
    return UndoOffer(invitation=invitation, name=name, until=invitation.revoked_at + REVOKE_UNDO_WINDOW)
