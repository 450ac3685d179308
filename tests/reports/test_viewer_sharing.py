"""Leads publish reports to viewers: an executive reads a report only once a lead shares it.

alice owns Acme, bob leads in Acme, victor views Acme, charlie owns Globex.
"""

import importlib
import urllib.parse

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from reports.downloads import content_disposition
from reports.models import ReportJob
from reports.services import report_request
from reports.sharing import SHARE_NOT_READY, report_share_with_viewers
from reports.views import SHARED_WITH_VIEWERS_MESSAGE, UNSHARED_WITH_VIEWERS_MESSAGE
from surveys.models import Organization, Survey
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.report_jobs import report_job_succeeded

pytestmark = pytest.mark.django_db

READER_PAGES = ("read", "download")


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme, roles=["data_scientist", "engineer"])
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    return survey


@pytest.fixture
def report(survey: Survey, alice: User) -> ReportJob:
    return report_job_succeeded(survey, requested_by=alice)


def _url(name: str, job: ReportJob) -> str:
    return reverse(f"reports:{name}", args=[job.pk])


def _viewer_reads(viewer: User, job: ReportJob) -> dict[str, int]:
    client = client_for(viewer)
    return {name: client.get(_url(name, job)).status_code for name in READER_PAGES}


def test_a_viewer_cannot_read_a_report_the_lead_has_not_shared(report: ReportJob, victor: User) -> None:
    assert _viewer_reads(victor, report) == {"read": 404, "download": 404}
    assert _url("read", report) not in client_for(victor).get(reverse("reports:list")).content.decode()


def test_the_leads_read_a_report_before_sharing_it(report: ReportJob, alice: User, bob: User) -> None:
    for lead in (alice, bob):
        assert _viewer_reads(lead, report) == {"read": 200, "download": 200}


def test_a_lead_shares_a_report_and_the_viewer_reads_it(report: ReportJob, bob: User, victor: User) -> None:
    response = client_for(bob).post(_url("share_viewers", report), follow=True)
    assert response.redirect_chain[-1][0] == _url("status", report)
    assert SHARED_WITH_VIEWERS_MESSAGE in response.content.decode()
    report.refresh_from_db()
    assert report.shared_with_viewers_by == bob
    assert _viewer_reads(victor, report) == {"read": 200, "download": 200}
    assert _url("read", report) in client_for(victor).get(reverse("reports:list")).content.decode()


def test_a_lead_withdraws_a_shared_report(report: ReportJob, alice: User, victor: User) -> None:
    report_share_with_viewers(job=report, shared_by=alice)
    response = client_for(alice).post(_url("unshare_viewers", report), follow=True)
    assert UNSHARED_WITH_VIEWERS_MESSAGE in response.content.decode()
    assert _viewer_reads(victor, report) == {"read": 404, "download": 404}


def test_sharing_twice_keeps_the_first_date(report: ReportJob, alice: User, bob: User) -> None:
    report_share_with_viewers(job=report, shared_by=alice)
    first = ReportJob.objects.get(pk=report.pk).shared_with_viewers_at
    report_share_with_viewers(job=report, shared_by=bob)
    again = ReportJob.objects.get(pk=report.pk)
    assert (again.shared_with_viewers_at, again.shared_with_viewers_by) == (first, alice)


def test_an_unfinished_report_cannot_be_shared(survey: Survey, alice: User, victor: User) -> None:
    job = report_request(survey=survey, requested_by=alice)
    response = client_for(alice).post(_url("share_viewers", job), follow=True)
    assert SHARE_NOT_READY in response.content.decode()
    assert ReportJob.objects.get(pk=job.pk).shared_with_viewers_at is None


@pytest.mark.parametrize("name", ["share_viewers", "unshare_viewers"])
@pytest.mark.parametrize(("who", "status"), [("victor", 404), ("charlie", 404)])
def test_only_a_lead_of_the_organization_shares_or_withdraws(
    report: ReportJob, name: str, who: str, status: int, request: pytest.FixtureRequest, alice: User
) -> None:
    if name == "unshare_viewers":
        report_share_with_viewers(job=report, shared_by=alice)
    before = ReportJob.objects.values_list("shared_with_viewers_at", flat=True).get(pk=report.pk)
    user: User = request.getfixturevalue(who)
    assert client_for(user).post(_url(name, report)).status_code == status
    assert ReportJob.objects.values_list("shared_with_viewers_at", flat=True).get(pk=report.pk) == before


@pytest.mark.parametrize("name", ["share_viewers", "unshare_viewers"])
def test_sharing_asks_an_anonymous_visitor_to_log_in_and_refuses_get(report: ReportJob, alice: User, name: str) -> None:
    response = Client().post(_url(name, report))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client_for(alice).get(_url(name, report)).status_code == 405
    assert ReportJob.objects.get(pk=report.pk).shared_with_viewers_at is None


def test_a_report_of_a_survey_nobody_answered_reaches_no_viewer(acme: Organization, alice: User, victor: User) -> None:
    empty = make_survey(acme, title="Nobody answered")
    job = report_job_succeeded(empty, requested_by=alice)
    assert _viewer_reads(victor, job) == {"read": 404, "download": 404}
    page = client_for(alice).get(_url("status", job)).content.decode()
    assert "Nobody has answered this survey yet" in page
    assert "Share with the viewers" in page


def test_the_status_page_shows_no_sha256(report: ReportJob, alice: User) -> None:
    assert report.sha256
    page = client_for(alice).get(_url("status", report)).content.decode()
    assert report.sha256 not in page
    assert "SHA-256" not in page


# --- The data migration ----------------------------------------------------------------------


def test_the_migration_keeps_answered_reports_shared_and_leaves_an_empty_one_out(
    report: ReportJob, acme: Organization, alice: User
) -> None:
    empty = report_job_succeeded(make_survey(acme, title="Nobody answered"), requested_by=alice)
    migration = importlib.import_module("reports.migrations.0005_report_shared_with_viewers")
    migration.share_reports_viewers_could_read(apps, None)
    assert ReportJob.objects.get(pk=report.pk).shared_with_viewers_at is not None
    assert ReportJob.objects.get(pk=empty.pk).shared_with_viewers_at is None


# --- Download names --------------------------------------------------------------------------

CHINESE_TITLE = "模型上线复盘"


def test_a_chinese_title_keeps_its_letters_in_the_pdf_s_file_name(acme: Organization, alice: User) -> None:
    survey = make_survey(acme, title=CHINESE_TITLE, roles=["engineer"])
    answers_random(survey, per_role={"engineer": 3})
    job = report_job_succeeded(survey, requested_by=alice)
    header = client_for(alice).get(_url("download", job))["Content-Disposition"]
    made = f"{job.finished_at:%Y-%m-%d}"
    assert header == (
        f'attachment; filename="report-{made}.pdf"; '
        f"filename*=UTF-8''{urllib.parse.quote(f'{CHINESE_TITLE}-report-{made}.pdf')}"
    )


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("churn-model-report-2026-03-14.pdf", 'attachment; filename="churn-model-report-2026-03-14.pdf"'),
        (
            "données-2026.csv",
            "attachment; filename=\"donnees-2026.csv\"; filename*=UTF-8''donn%C3%A9es-2026.csv",
        ),
        ("模型.json", "attachment; filename=\"survey.json\"; filename*=UTF-8''%E6%A8%A1%E5%9E%8B.json"),
    ],
)
def test_the_header_carries_the_utf8_name_and_an_ascii_fallback(filename: str, header: str) -> None:
    assert content_disposition(filename) == header
