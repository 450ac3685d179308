"""Who may see which report job: every view reaches a job through one of these, or gets a 404."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404

from reports.models import ReportJob
from surveys.models import Survey
from surveys.selectors.organizations import organizations_led_by, organizations_viewed_by

SURVEY_PANEL_JOBS = 5


def report_jobs_for_reader(*, user: User | AnonymousUser) -> QuerySet[ReportJob]:
    """The finished reports a member may read: every one of the organizations they lead, and
    those a lead shared with the viewers (reports.sharing) of the organizations they only view.
    """
    led = Q(survey__organization__in=organizations_led_by(user=user))
    shared = Q(survey__organization__in=organizations_viewed_by(user=user), shared_with_viewers_at__isnull=False)
    return ReportJob.objects.filter(led | shared, state=ReportJob.State.SUCCEEDED).select_related(
        "survey", "survey__organization", "survey__team"
    )


def report_job_get_for_reader(*, user: User | AnonymousUser, pk: int) -> ReportJob:
    """A finished report, for its organization's leads, and its viewers once shared; 404 otherwise."""
    job = report_jobs_for_reader(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def report_job_get_for_lead(*, user: User | AnonymousUser, pk: int) -> ReportJob:
    """A job in any state, for an owner or lead of its survey's organization; 404 otherwise."""
    led = ReportJob.objects.filter(survey__organization__in=organizations_led_by(user=user))
    job = led.select_related("survey", "survey__organization", "survey__team").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def report_jobs_for_survey(*, survey: Survey) -> list[ReportJob]:
    """The survey's latest jobs, for its page (whose view has already checked the lead)."""
    return list(ReportJob.objects.filter(survey=survey)[:SURVEY_PANEL_JOBS])
