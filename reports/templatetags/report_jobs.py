from django import template

from reports.job_selectors import report_jobs_for_survey
from reports.models import ReportJob
from surveys.models import Survey

register = template.Library()


@register.simple_tag
def survey_report_jobs(survey: Survey) -> list[ReportJob]:
    """The survey's latest report jobs, so that the survey page's view need not know about reports."""
    return report_jobs_for_survey(survey=survey)
