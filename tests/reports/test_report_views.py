"""Who may request, follow, read and download a report, and what the pages say."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from reports.models import ReportJob
from reports.services import REPORT_NOT_RETRYABLE, report_request
from reports.sharing import report_share_with_viewers
from reports.views import (
    REPORT_REQUESTED_MESSAGE,
    REPORT_RETRIED_MESSAGE,
    REPORT_REUSED_MESSAGE,
    STATUS_QUEUED,
    STATUS_WAITING_FOR_WORKER,
)
from surveys.models import Organization, Survey
from surveys.panels import survey_panels
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.published import publish, without_csrf
from tests.support.report_jobs import report_job_succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme, roles=["data_scientist", "engineer"])
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    return survey


@pytest.fixture
def report(survey: Survey, alice: User) -> ReportJob:
    return report_job_succeeded(survey, requested_by=alice)


@pytest.fixture
def shared(report: ReportJob, alice: User) -> ReportJob:
    """The report, shared with Acme's viewers by its lead."""
    report_share_with_viewers(job=report, shared_by=alice)
    report.refresh_from_db()
    return report


def _url(name: str, job: ReportJob) -> str:
    return reverse(f"reports:{name}", args=[job.pk])


def test_it_records_a_leads_request_and_shows_its_status(survey: Survey, bob: User) -> None:
    response = client_for(bob).post(reverse("reports:request", args=[survey.pk]), follow=True)
    job = ReportJob.objects.get(survey=survey)
    assert (job.requested_by, job.state) == (bob, ReportJob.State.QUEUED)
    assert response.redirect_chain[-1][0] == _url("status", job)
    assert REPORT_REQUESTED_MESSAGE in response.content.decode()


def test_it_says_when_a_request_waits_for_a_worker(survey: Survey, alice: User) -> None:
    job = report_request(survey=survey, requested_by=alice)
    assert STATUS_WAITING_FOR_WORKER in client_for(alice).get(_url("status", job)).content.decode()


def test_it_says_when_a_published_request_waits_in_the_queue(survey: Survey, alice: User) -> None:
    job = report_request(survey=survey, requested_by=alice)
    ReportJob.objects.filter(pk=job.pk).update(published_at=job.created_at)
    assert STATUS_QUEUED in client_for(alice).get(_url("status", job)).content.decode()


def test_it_sends_a_request_for_unchanged_answers_to_the_finished_report(report: ReportJob, alice: User) -> None:
    response = client_for(alice).post(reverse("reports:request", args=[report.survey.pk]), follow=True)
    assert response.redirect_chain[-1][0] == _url("status", report)
    assert REPORT_REUSED_MESSAGE in response.content.decode()


def test_it_refuses_a_request_by_get(survey: Survey, alice: User) -> None:
    assert client_for(alice).get(reverse("reports:request", args=[survey.pk])).status_code == 405
    assert not ReportJob.objects.exists()


def test_it_gives_the_progress_as_json(survey: Survey, alice: User) -> None:
    job = report_request(survey=survey, requested_by=alice)
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.RUNNING, progress=40, step="laying out pages")
    progress = client_for(alice).get(_url("progress", job)).json()
    assert progress == {
        "state": "running",
        "progress": 40,
        "step": "laying out pages",
        "error": "",
        "message": "Rendering: laying out pages (40%).",
        "download_url": None,
    }


def test_it_gives_the_download_in_the_progress_of_a_finished_report(report: ReportJob, alice: User) -> None:
    progress = client_for(alice).get(_url("progress", report)).json()
    assert (progress["state"], progress["download_url"]) == ("succeeded", _url("download", report))


def test_it_shows_a_failed_jobs_error_and_a_retry_button(survey: Survey, alice: User) -> None:
    job = report_request(survey=survey, requested_by=alice)
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.FAILED, error="The renderer broke.")
    page = client_for(alice).get(_url("status", job)).content.decode()
    assert "The renderer broke." in page
    assert f'action="{_url("retry", job)}"' in page


def test_it_queues_a_failed_job_again_in_one_click(survey: Survey, alice: User) -> None:
    job = report_request(survey=survey, requested_by=alice)
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.FAILED, error="The renderer broke.")
    response = client_for(alice).post(_url("retry", job), follow=True)
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.QUEUED
    assert REPORT_RETRIED_MESSAGE in response.content.decode()


def test_it_sends_a_retry_to_the_finished_report_of_the_same_input(survey: Survey, alice: User) -> None:
    failed = report_request(survey=survey, requested_by=alice)
    ReportJob.objects.filter(pk=failed.pk).update(state=ReportJob.State.FAILED, error="The renderer broke.")
    done = report_job_succeeded(survey, requested_by=alice)
    response = client_for(alice).post(_url("retry", failed), follow=True)
    assert response.redirect_chain[-1][0] == _url("status", done)
    assert REPORT_REUSED_MESSAGE in response.content.decode()


def test_it_refuses_to_retry_a_finished_report(report: ReportJob, alice: User) -> None:
    response = client_for(alice).post(_url("retry", report), follow=True)
    assert REPORT_NOT_RETRYABLE in response.content.decode()
    assert ReportJob.objects.get(pk=report.pk).state == ReportJob.State.SUCCEEDED


def test_it_downloads_the_pdf_as_an_attachment_with_a_readable_name(report: ReportJob, alice: User) -> None:
    response = client_for(alice).get(_url("download", report))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{report.download_filename}"'
    assert report.download_filename.startswith("churn-model-report-")
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_it_shows_the_report_in_the_browser(shared: ReportJob, victor: User) -> None:
    page = client_for(victor).get(_url("read", shared)).content.decode()
    assert shared.survey.title in page
    assert f'href="{_url("download", shared)}"' in page


def test_it_dates_the_browser_view_on_the_day_the_pdf_was_made(shared: ReportJob, victor: User) -> None:
    made = datetime.datetime(2026, 3, 14, 12, tzinfo=datetime.UTC)
    ReportJob.objects.filter(pk=shared.pk).update(finished_at=made)
    page = client_for(victor).get(_url("read", shared)).content.decode()
    assert "14 March 2026" in page


def test_it_says_the_browser_view_is_gone_once_the_survey_was_renamed(shared: ReportJob, victor: User) -> None:
    Survey.objects.filter(pk=shared.survey_id).update(title="Renamed")
    page = client_for(victor).get(_url("read", shared)).content.decode()
    assert "have changed since this report was made" in page
    assert f'href="{_url("download", shared)}"' in page


def test_it_shows_the_same_browser_view_after_more_answers_and_new_results(shared: ReportJob, victor: User) -> None:
    before = without_csrf(client_for(victor).get(_url("read", shared)).content.decode())
    answers_random(shared.survey, per_role={"engineer": 3}, seed=9)
    publish(shared.survey)
    assert without_csrf(client_for(victor).get(_url("read", shared)).content.decode()) == before


def test_it_lists_the_shared_reports_for_a_viewer(shared: ReportJob, victor: User, survey: Survey) -> None:
    queued = make_survey(shared.survey.organization, title="Still queued")
    report_request(survey=queued, requested_by=None)
    page = client_for(victor).get(reverse("reports:list")).content.decode()
    assert _url("read", shared) in page
    assert "Still queued" not in page


@pytest.mark.parametrize("name", ["read", "download"])
@pytest.mark.parametrize("user", ["alice", "bob", "victor"])
def test_it_lets_every_member_of_the_organization_read_a_shared_report(
    shared: ReportJob, name: str, user: str, request: pytest.FixtureRequest
) -> None:
    member: User = request.getfixturevalue(user)
    assert client_for(member).get(_url(name, shared)).status_code == 200


@pytest.mark.parametrize("user", ["alice", "bob"])
@pytest.mark.parametrize("name", ["status", "progress"])
def test_it_lets_the_leads_follow_a_job(
    report: ReportJob, name: str, user: str, request: pytest.FixtureRequest
) -> None:
    lead: User = request.getfixturevalue(user)
    assert client_for(lead).get(_url(name, report)).status_code == 200


@pytest.mark.parametrize("name", ["status", "progress"])
def test_it_hides_a_jobs_management_from_a_viewer(report: ReportJob, victor: User, name: str) -> None:
    assert client_for(victor).get(_url(name, report)).status_code == 404


@pytest.mark.parametrize("name", ["retry", "share_create"])
def test_it_refuses_a_viewers_changes_to_a_job(report: ReportJob, victor: User, name: str) -> None:
    assert client_for(victor).post(_url(name, report), {"days": 14}).status_code == 404


def test_it_refuses_a_viewers_request_for_a_report(survey: Survey, victor: User) -> None:
    assert client_for(victor).post(reverse("reports:request", args=[survey.pk])).status_code == 404
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("name", ["status", "progress", "read", "download"])
def test_it_hides_every_page_of_a_report_from_another_organization(report: ReportJob, charlie: User, name: str) -> None:
    assert client_for(charlie).get(_url(name, report)).status_code == 404


def test_it_refuses_a_request_for_another_organizations_survey(survey: Survey, charlie: User) -> None:
    assert client_for(charlie).post(reverse("reports:request", args=[survey.pk])).status_code == 404


@pytest.mark.parametrize("name", ["status", "progress", "read", "download"])
def test_it_sends_an_anonymous_visitor_to_the_login_page(report: ReportJob, name: str) -> None:
    response = Client().get(_url(name, report))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_hides_the_browser_view_of_an_unfinished_report(survey: Survey, victor: User, alice: User) -> None:
    job = report_request(survey=survey, requested_by=alice)
    assert client_for(alice).get(_url("read", job)).status_code == 404
    assert client_for(victor).get(_url("download", job)).status_code == 404


def test_it_puts_the_surveys_latest_reports_on_its_page(report: ReportJob, alice: User) -> None:
    page = client_for(alice).get(reverse("surveys:detail", args=[report.survey.pk])).content.decode()
    assert reverse("reports:request", args=[report.survey.pk]) in page
    assert _url("download", report) in page


def test_it_hands_the_survey_page_its_report_jobs_from_the_view(report: ReportJob) -> None:
    [panel] = survey_panels(survey=report.survey)
    assert panel.context["report_jobs"] == [report]
