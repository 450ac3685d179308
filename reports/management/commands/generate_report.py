import math
import time
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.models import ReportJob
from reports.services import report_request
from surveys.management.arguments import survey_from_argument

DEFAULT_TIMEOUT = 600.0  # seconds
POLL_INTERVAL = 0.5  # seconds
TIMEOUT_MESSAGE = "The timeout must be a positive number of seconds, not “{value}”."
TIMED_OUT_MESSAGE = "The report was not ready after {seconds:g} seconds; job {pk} is still {state}."


class Command(BaseCommand):
    help = "Request a survey's PDF report from the worker, as the survey page's button does."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")
        parser.add_argument("--wait", action="store_true", help="Wait for the job to end and print the PDF's path.")
        # Checked here rather than by argparse's type, so that the error is one sentence.
        parser.add_argument("--timeout", default=str(DEFAULT_TIMEOUT), metavar="SECONDS")

    def handle(self, *args: Any, **options: Any) -> None:
        timeout = _timeout(options["timeout"])
        survey = survey_from_argument(options["survey_id"])
        job = report_request(survey=survey, requested_by=None)
        if not options["wait"]:
            self.stdout.write(f"{job.pk} {job.state}")
            return
        job = _job_ended(job=job, timeout=timeout)
        if job.state == ReportJob.State.FAILED:
            raise CommandError(job.error)
        self.stdout.write(_pdf_path(job))


def _timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise CommandError(TIMEOUT_MESSAGE.format(value=value)) from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise CommandError(TIMEOUT_MESSAGE.format(value=value))
    return seconds


def _job_ended(*, job: ReportJob, timeout: float) -> ReportJob:
    deadline = time.monotonic() + timeout
    while job.is_active:
        if time.monotonic() >= deadline:
            raise CommandError(TIMED_OUT_MESSAGE.format(seconds=timeout, pk=job.pk, state=job.state))
        time.sleep(POLL_INTERVAL)
        job.refresh_from_db()
    return job


def _pdf_path(job: ReportJob) -> str:
    # A local storage has a path; a remote one (S3 and the like) only has the file's name.
    try:
        return default_storage.path(job.pdf.name)
    except NotImplementedError:
        return job.pdf.name
