"""The reports app's section of a survey's page: the published results, and the survey's report jobs."""

from typing import Any

from reports.job_selectors import report_jobs_for_survey
from reports.models import PublishedResults
from reports.publishing import (
    CLOSED_NOT_PUBLISHED_MESSAGE,
    publish_blockers,
    publish_refusal,
    published_latest,
    published_results_of,
)
from reports.score_views import participation_rows
from surveys.models import Survey
from surveys.panels import SurveyPanel
from surveys.selectors.surveys import survey_role_titles


def survey_reports_panel(survey: Survey) -> SurveyPanel:
    return SurveyPanel(
        template_name="reports/survey_reports_panel.html",
        context={"report_jobs": report_jobs_for_survey(survey=survey), "latest": survey_published(survey=survey)},
    )


def survey_published(*, survey: Survey) -> dict[str, Any] | None:
    """The survey's latest published results with their counts, for the survey page."""
    published = published_latest(survey=survey)
    if published is None:
        return None
    rows = participation_rows(published_results_of(published).participation, survey_role_titles(survey=survey))
    return {"published": published, "participation": rows, "kept_at_closing": _kept_at_closing(survey, published)}


def _kept_at_closing(survey: Survey, published: PublishedResults) -> str:
    """Why a closed survey still shows results from before its closing (the guard refused), or ""."""
    if survey.is_open or published.at_closing:
        return ""
    blockers = publish_blockers(survey=survey, previous=published)
    if not blockers:
        return ""
    return CLOSED_NOT_PUBLISHED_MESSAGE.format(reason=publish_refusal(survey=survey, blockers=blockers))
