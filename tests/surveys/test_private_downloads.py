"""Files behind login are never stored by a proxy or kept in the browser's cache."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from reports.models import ReportJob
from reports.sharing import SHARE_DAYS_DEFAULT, share_link_create, share_link_token
from surveys.models import Organization
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.report_jobs import report_job_succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(acme: Organization, alice: User) -> ReportJob:
    survey = make_survey(acme, roles=["data_scientist"])
    answers_random(survey, per_role={"data_scientist": 3})
    return report_job_succeeded(survey, requested_by=alice)


def cache_control(header: str) -> set[str]:
    return {part.strip() for part in header.split(",")}


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("scores:export_json", "survey"),
        ("scores:export_csv", "survey"),
        ("surveys:import_template", "survey"),
        ("reports:download", "job"),
        ("reports:read", "job"),
    ],
)
def test_a_download_behind_login_is_private_and_not_stored(
    alice: User, report: ReportJob, name: str, target: str
) -> None:
    pk = report.survey.pk if target == "survey" else report.pk
    response = client_for(alice).get(reverse(name, args=[pk]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response["Cache-Control"])


def test_a_shared_pdf_is_private_and_not_stored(alice: User, report: ReportJob) -> None:
    link = share_link_create(job=report, created_by=alice, days=SHARE_DAYS_DEFAULT)
    response = Client().get(reverse("reports:shared_download", args=[share_link_token(link=link)]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response["Cache-Control"])
