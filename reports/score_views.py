"""The survey's scores in the browser, and their JSON and CSV downloads (commands.md).

Every figure comes from reports.scoring through reports.exports: nothing is computed here.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from reports.exports import survey_scores_csv, survey_scores_document, survey_scores_json
from surveys.http import AuthenticatedRequest, private_download
from surveys.models import Survey
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles


@login_required
def survey_scores_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    document = survey_scores_document(survey=survey)
    role_titles = survey_role_titles(survey=survey)
    roles = [(role_titles.get(key, key), figures) for key, figures in document["roles"].items()]
    context = {
        "survey": survey,
        "document": document,
        "roles": roles,
        "below_threshold": [title for title, figures in roles if not figures["reportable"]],
        "modes": [_mode_titled(mode, role_titles) for mode in document["failure_modes"]],
    }
    return render(request, "reports/survey_scores.html", context)


def _mode_titled(mode: dict[str, Any], role_titles: dict[str, str]) -> dict[str, Any]:
    """The mode's figures as exported, with role titles for the reader instead of keys."""
    gap_roles = mode["gap_roles"] or []
    return {
        **mode,
        "gap_titles": [role_titles.get(key, key) for key in gap_roles],
        "role_rows": [(role_titles.get(key, key), figures) for key, figures in mode["roles"].items()],
    }


@private_download
@login_required
def survey_export_json(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    return _attachment(
        survey_scores_json(survey=survey), survey=survey, extension="json", content_type="application/json"
    )


@private_download
@login_required
def survey_export_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    return _attachment(survey_scores_csv(survey=survey), survey=survey, extension="csv", content_type="text/csv")


def _attachment(text: str, *, survey: Survey, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    filename = f"faultline-scores-{survey.pk}-{slugify(survey.title) or 'survey'}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
