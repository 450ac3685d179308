"""Report jobs for tests that need one in a given state, made by the real services."""

from django.contrib.auth.models import User
from django.test import override_settings

from reports.models import ReportJob
from reports.services import report_request, report_run
from surveys.models import Survey

TINY_RENDERER = "tests.support.report_renderers.tiny_report_pdf"


def report_job_succeeded(survey: Survey, *, requested_by: User | None = None) -> ReportJob:
    """A finished job, rendered in this process by a renderer that makes a tiny fake PDF at once."""
    with override_settings(REPORT_RENDERER=TINY_RENDERER):
        job = report_request(survey=survey, requested_by=requested_by)
        report_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ReportJob.State.SUCCEEDED, job.error
    return job
