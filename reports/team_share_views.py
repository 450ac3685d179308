"""Sharing a round's results with the team: the lead's page, and the team's read-only view.

The team view needs no account: its link is the key (reports.team_sharing). It reads the
round's latest published results through the report's own data and template parts, never a
live figure, and has no form: nothing a reader does there changes or records anything.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from reports.action_selectors import actions_of_survey
from reports.discussion import discussion_topics
from reports.documents import report_data_published
from reports.forms import TeamShareForm
from reports.models import PublishedResults, TeamShare
from reports.panels import survey_published
from reports.pdf import report_context
from reports.publishing import published_latest
from reports.selectors import ModeInfo, survey_discussion_questions
from reports.team_sharing import (
    TEAM_SHARE_DAYS_DEFAULT,
    team_share_current,
    team_share_get_by_token,
    team_share_recipients,
    team_share_revoke,
    team_share_send,
    team_share_url,
)
from surveys.http import AuthenticatedRequest
from surveys.selectors.surveys import survey_get_for_lead

TEAM_SHARE_SENT_MESSAGE = "The link to the results is on its way to {count} invited {addresses}."
TEAM_SHARE_REVOKED_MESSAGE = "Link revoked: it no longer opens the results. Sharing again makes a new link."
TEAM_SHARE_NOTHING_TO_REVOKE = "There is no live link to revoke."
TEAM_VIEW_UNKNOWN = (
    "This link does not open any results: it was not copied whole. Ask your team lead for the link again."
)
TEAM_VIEW_REVOKED = "Your team lead has withdrawn this link, so it no longer opens the results. Ask them for a new one."
TEAM_VIEW_EXPIRED = (
    "This link worked until the end of {day} and has expired, so it no longer opens the results. "
    "Ask your team lead to send it again."
)


@login_required
def team_share_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    share = team_share_current(survey=survey)
    live = share is not None and share.is_live
    default_day = share.expires_on if share is not None and live else _default_expiry()
    context = {
        "survey": survey,
        "latest": survey_published(survey=survey),
        "share": share,
        "share_url": team_share_url(share=share) if share is not None and live else None,
        "recipients": len(team_share_recipients(survey=survey)),
        "form": TeamShareForm(initial={"expires_on": default_day}),
    }
    return render(request, "reports/team_share/team_share.html", context)


@login_required
@require_POST
def team_share_send_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    form = TeamShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("scores:team_share", pk=survey.pk)
    try:
        share = team_share_send(survey=survey, sent_by=request.user, expires_on=form.cleaned_data["expires_on"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        addresses = "address" if share.sent_to == 1 else "addresses"
        messages.success(request, TEAM_SHARE_SENT_MESSAGE.format(count=share.sent_to, addresses=addresses))
    return redirect("scores:team_share", pk=survey.pk)


@login_required
@require_POST
def team_share_revoke_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    share = team_share_current(survey=survey)
    if share is None or not share.is_live:
        messages.error(request, TEAM_SHARE_NOTHING_TO_REVOKE)
    else:
        team_share_revoke(share=share)
        messages.success(request, TEAM_SHARE_REVOKED_MESSAGE)
    return redirect("scores:team_share", pk=survey.pk)


@never_cache
@require_safe
def team_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        share = team_share_get_by_token(token=token)
    except Http404:
        return _dead_link(request, TEAM_VIEW_UNKNOWN, status=404)
    if share.is_revoked:
        return _dead_link(request, TEAM_VIEW_REVOKED, status=410)
    if share.is_expired:
        return _dead_link(request, TEAM_VIEW_EXPIRED.format(day=date_format(share.expires_on, "j F Y")), status=410)
    published = published_latest(survey=share.survey)
    if published is None:
        # Published results are never deleted, and a share needs some: only a broken database gets here.
        return _dead_link(request, TEAM_VIEW_UNKNOWN, status=404)
    return render(request, "reports/team_share/team_view.html", team_view_context(share=share, published=published))


def team_view_context(*, share: TeamShare, published: PublishedResults) -> dict[str, Any]:
    """What the team view shows: the report's data of the published snapshot, and the guide."""
    data = report_data_published(published=published)
    questions = survey_discussion_questions(survey=share.survey)
    modes = [ModeInfo(mode.key, mode.title, mode.category) for mode in data.modes]
    return report_context(data=data, for_browser=True) | {
        "share": share,
        "action_groups": actions_of_survey(survey=share.survey, modes=modes),
        "topics": discussion_topics(modes=data.modes, questions=questions),
        # The report shows comments only under the modes with a page; the team reads them all.
        "other_comments": tuple(mode for mode in data.modes if not mode.has_page and mode.comments),
    }


def _dead_link(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    # Whoever holds a dead link is a team member, not an intruder: say what happened, show nothing.
    return render(request, "reports/team_share/team_view_dead.html", {"message": message}, status=status)


def _default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=TEAM_SHARE_DAYS_DEFAULT)
