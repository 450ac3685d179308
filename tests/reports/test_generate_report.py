"""The generate_report command's contract (commands.md): its bad input and its outputs.

Its --wait path through a real worker (a PDF's path, or the job's error) is in test_jobs_worker.py.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.management.commands.generate_report import TIMED_OUT_MESSAGE, TIMEOUT_MESSAGE
from reports.models import ReportJob
from surveys.management.arguments import NO_SURVEY_MESSAGE, SURVEY_ID_MESSAGE
from surveys.models import Organization, Survey
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def test_it_prints_the_job_id_and_its_state_without_waiting(survey: Survey) -> None:
    out = io.StringIO()
    call_command("generate_report", str(survey.pk), stdout=out)
    job = ReportJob.objects.get(survey=survey)
    assert out.getvalue() == f"{job.pk} queued\n"


def test_it_refuses_an_unknown_survey(survey: Survey) -> None:
    with pytest.raises(CommandError, match=NO_SURVEY_MESSAGE.format(pk=survey.pk + 1)):
        call_command("generate_report", str(survey.pk + 1))
    assert not ReportJob.objects.exists()


def test_it_refuses_a_survey_id_that_is_not_a_number() -> None:
    with pytest.raises(CommandError, match=SURVEY_ID_MESSAGE.format(value="churn")):
        call_command("generate_report", "churn")


@pytest.mark.parametrize("timeout", ["soon", "0", "-5", "nan", "inf"])
def test_it_refuses_a_timeout_that_is_not_a_positive_number(survey: Survey, timeout: str) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("generate_report", str(survey.pk), "--wait", "--timeout", timeout)
    assert str(raised.value) == TIMEOUT_MESSAGE.format(value=timeout)
    assert not ReportJob.objects.exists()


def test_it_fails_when_the_report_is_not_ready_in_time(survey: Survey) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("generate_report", str(survey.pk), "--wait", "--timeout", "0.2")
    job = ReportJob.objects.get(survey=survey)
    assert str(raised.value) == TIMED_OUT_MESSAGE.format(seconds=0.2, pk=job.pk, state="queued")
