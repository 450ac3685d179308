"""The survey's scores in the browser, their JSON and CSV downloads (commands.md), and publishing.

Leaders read published results, never live ones (privacy.md): every figure here comes from the
survey's latest PublishedResults, and prints through the report's own formatter and sentences
(reports.figures, reports.sentences), so that the page and the PDF say the same thing in the
same words. While nothing is published, the page shows participation only, and the button to
publish. Nothing is computed here.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reports.action_views import actions_section_context
from reports.change_exports import published_changes_json
from reports.downloads import content_disposition, download_stem
from reports.exports import published_scores_csv, published_scores_json
from reports.models import PublishedResults
from reports.publishing import (
    NOTHING_PUBLISHED_MESSAGE,
    PUBLISHED_MESSAGE,
    PublishRefusedError,
    published_latest,
    published_results_of,
    results_publish,
)
from reports.report_sections import RoleCell, RoleLine, role_cells, role_lines_build
from reports.results import Results
from reports.round_sections import since_last_round_build, since_last_round_missing
from reports.scoring import ModeScore
from reports.selectors import survey_modes
from reports.sentences import Summary, summary_build
from surveys.http import AuthenticatedRequest, private_download
from surveys.models import Survey
from surveys.selectors.participation import RoleParticipation, survey_participation
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles


@dataclass(frozen=True)
class ScoresMode:
    """A failure mode as the scores page shows it: its figures, and one cell per reportable role."""

    key: str
    title: str
    score: ModeScore
    cells: tuple[RoleCell, ...]

    @property
    def gap_titles(self) -> tuple[str, str] | None:
        if self.score.gap_roles is None:
            return None
        titles = {cell.role.key: cell.role.title for cell in self.cells}
        low, high = self.score.gap_roles
        return titles.get(low, low), titles.get(high, high)


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
    roles = role_lines_build(scores=results.scores, participation=results.participation, titles=role_titles)
    modes = survey_modes(survey=survey)
    mode_titles = {mode.key: mode.title for mode in modes}
    since = since_last_round_build(
        survey=survey, results=results, published=published, modes=modes, role_titles=role_titles
    )
    context = {
        "survey": survey,
        "published": published,
        "participation": participation_rows(results.participation, role_titles),
        "scores": results.scores,
        "roles": roles,
        "summary": _summary(results, roles, mode_titles, survey.anonymity_threshold),
        "modes": [
            ScoresMode(mode.key, mode_titles.get(mode.key, mode.key), mode, role_cells(score=mode, roles=roles))
            for mode in results.scores.modes
        ],
        "since_last_round": since,
        **actions_section_context(survey=survey, modes=modes, can_change=True),
    }
    return render(request, "reports/survey_scores.html", context)


def _summary(results: Results, roles: tuple[RoleLine, ...], mode_titles: dict[str, str], threshold: int) -> Summary:
    return summary_build(scores=results.scores, roles=roles, mode_titles=mode_titles, threshold=threshold)


def participation_rows(
    participation: tuple[RoleParticipation, ...] | list[RoleParticipation], role_titles: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "role": role.role,
            "title": role_titles.get(role.role, role.role),
            "invited": role.invited,
            "submitted": role.submitted,
            "via_personal_link": role.via_personal_link,
            "via_open_link": role.via_open_link,
            "imported": role.imported,
            "response_rate": None if role.response_rate is None else float(role.response_rate),
        }
        for role in participation
    ]


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
    return _published_download(request, pk, extension="json", content_type="application/json")


@private_download
@login_required
def survey_export_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _published_download(request, pk, extension="csv", content_type="text/csv")


# The downloads of commands.md's JSON and CSV, of the latest published results only.
_PUBLISHED_FORMATS = {"json": published_scores_json, "csv": published_scores_csv}


def _published_download(request: AuthenticatedRequest, pk: int, *, extension: str, content_type: str) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    published = published_latest(survey=survey)
    if published is None:
        return _nothing_published()
    text = _PUBLISHED_FORMATS[extension](survey=survey, results=_results(published))
    return _attachment(text, survey=survey, extension=extension, content_type=content_type)


@private_download
@login_required
def survey_export_changes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """export_changes' JSON of the change stored in the latest published results (privacy.md)."""
    survey = survey_get_for_lead(user=request.user, pk=pk)
    published = published_latest(survey=survey)
    if published is None:
        return _nothing_published()
    results = _results(published)
    text = published_changes_json(survey=survey, results=results)
    if text is None:
        # Nothing was compared: say why, in plain text, as for a download before any results.
        missing = since_last_round_missing(survey=survey, previous=results.previous)
        return HttpResponse(missing, status=404, content_type="text/plain; charset=utf-8")
    return _attachment(text, survey=survey, extension="json", content_type="application/json", name="changes")


def _results(published: PublishedResults) -> Results:
    return published_results_of(published)


def _nothing_published() -> HttpResponse:
    # A download link followed before any publication: say why, in plain text.
    return HttpResponse(NOTHING_PUBLISHED_MESSAGE, status=404, content_type="text/plain; charset=utf-8")


def _attachment(text: str, *, survey: Survey, extension: str, content_type: str, name: str = "scores") -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    filename = f"faultline-{name}-{survey.pk}-{download_stem(survey.title)}.{extension}"
    response["Content-Disposition"] = content_disposition(filename)
    return response
