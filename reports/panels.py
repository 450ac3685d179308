"""The reports app's section of a survey's page: the scores and the survey's report jobs."""

from reports.job_selectors import report_jobs_for_survey
from surveys.models import Survey
from surveys.panels import SurveyPanel


def survey_reports_panel(survey: Survey) -> SurveyPanel:
    return SurveyPanel(
        template_name="reports/survey_reports_panel.html",
        context={"report_jobs": report_jobs_for_survey(survey=survey)},
    )
