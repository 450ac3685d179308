"""The survey's scores in the browser, their JSON and CSV downloads (commands.md), and publishing.

Leaders read published results, never live ones (privacy.md): every figure here comes from
the survey's latest PublishedResults, through reports.exports; nothing is computed here.
While nothing is published, the page shows participation only, and the button to publish.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from reports.exports import published_scores_csv, published_scores_document, published_scores_json
from reports.models import PublishedResults
from reports.publishing import (
    NOTHING_PUBLISHED_MESSAGE,
    PUBLISHED_MESSAGE,
    PublishRefusedError,
    published_latest,
    published_results_of,
    results_publish,
)
from reports.results import Results
from surveys.http import AuthenticatedRequest, private_download
from surveys.models import Survey
from surveys.selectors.participation import RoleParticipation, survey_participation
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles


@login_required
def survey_scores_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    role_titles = survey_role_titles(survey=survey)
    published = published_latest(survey=survey)
    if published is None:
        # privacy.md: before any publication a lead sees participation, never a figure.
        participation = participation_rows(survey_participation(survey=survey), role_titles)
        context: dict[str, Any] = {"survey": survey, "published": None, "participation": participation}
        return render(request, "reports/survey_scores.html", context)
    results = published_results_of(published)
    document = published_scores_document(survey=survey, results=results)
    roles = [(role_titles.get(key, key), figures) for key, figures in document["roles"].items()]
    context = {
        "survey": survey,
        "published": published,
        "participation": participation_rows(results.participation, role_titles),
        "document": document,
        "roles": roles,
        "below_threshold": [title for title, figures in roles if not figures["reportable"]],
        "modes": [_mode_titled(mode, role_titles) for mode in document["failure_modes"]],
    }
    return render(request, "reports/survey_scores.html", context)


def participation_rows(
    participation: tuple[RoleParticipation, ...] | list[RoleParticipation], role_titles: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "title": role_titles.get(role.role, role.role),
            "invited": role.invited,
            "submitted": role.submitted,
            "via_open_link": role.via_open_link,
            "imported": role.imported,
            "response_rate": None if role.response_rate is None else float(role.response_rate),
        }
        for role in participation
    ]


def _mode_titled(mode: dict[str, Any], role_titles: dict[str, str]) -> dict[str, Any]:
    """The mode's figures as exported, with role titles for the reader instead of keys."""
    gap_roles = mode["gap_roles"] or []
    return {
        **mode,
        "gap_titles": [role_titles.get(key, key) for key in gap_roles],
        "role_rows": [(role_titles.get(key, key), figures) for key, figures in mode["roles"].items()],
    }


@login_required
@require_POST
def survey_publish_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The lead's "Publish interim results": under the differencing guard, or its one sentence."""
    survey = survey_get_for_lead(user=request.user, pk=pk)
    try:
        results_publish(survey=survey)
    except PublishRefusedError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, PUBLISHED_MESSAGE)
    return redirect("scores:survey", pk=survey.pk)


@private_download
@login_required
def survey_export_json(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    published = published_latest(survey=survey)
    if published is None:
        return _nothing_published()
    text = published_scores_json(survey=survey, results=_results(published))
    return _attachment(text, survey=survey, extension="json", content_type="application/json")


@private_download
@login_required
def survey_export_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    published = published_latest(survey=survey)
    if published is None:
        return _nothing_published()
    text = published_scores_csv(survey=survey, results=_results(published))
    return _attachment(text, survey=survey, extension="csv", content_type="text/csv")


def _results(published: PublishedResults) -> Results:
    return published_results_of(published)


def _nothing_published() -> HttpResponse:
    # A download link followed before any publication: say why, in plain text.
    return HttpResponse(NOTHING_PUBLISHED_MESSAGE, status=404, content_type="text/plain; charset=utf-8")


def _attachment(text: str, *, survey: Survey, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    filename = f"faultline-scores-{survey.pk}-{slugify(survey.title) or 'survey'}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
