"""The survey's scores in the browser, and their JSON and CSV downloads (commands.md).

Every figure comes from reports.scoring through the survey's `Results`, and prints through the
report's own formatter and sentences (reports.figures, reports.sentences): the page and the
PDF say the same thing in the same words. Nothing is computed here.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from reports.exports import survey_scores_csv, survey_scores_json
from reports.report_sections import RoleCell, RoleLine, role_cells, role_lines_build
from reports.results import Results, results_live
from reports.scoring import ModeScore
from reports.selectors import survey_modes
from reports.sentences import Summary, summary_build
from surveys.http import AuthenticatedRequest, private_download
from surveys.models import Survey
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
    results = results_live(survey=survey)
    roles = role_lines_build(
        scores=results.scores, participation=results.participation, titles=survey_role_titles(survey=survey)
    )
    mode_titles = {mode.key: mode.title for mode in survey_modes(survey=survey)}
    context = {
        "survey": survey,
        "scores": results.scores,
        "roles": roles,
        "summary": _summary(results, roles, mode_titles, survey.anonymity_threshold),
        "modes": [
            ScoresMode(mode.key, mode_titles.get(mode.key, mode.key), mode, role_cells(score=mode, roles=roles))
            for mode in results.scores.modes
        ],
    }
    return render(request, "reports/survey_scores.html", context)


def _summary(results: Results, roles: tuple[RoleLine, ...], mode_titles: dict[str, str], threshold: int) -> Summary:
    return summary_build(scores=results.scores, roles=roles, mode_titles=mode_titles, threshold=threshold)


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
