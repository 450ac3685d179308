"""The curious lead against every output (privacy.md, "How it is checked").

Read the scores page, the JSON and CSV downloads, the browser report, the PDF's text and a
share link; let one more member submit (or a hidden role's member, or an edit); read again:
nothing may change until a publication the differencing guard allows.
"""

import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from pypdf import PdfReader

from reports.documents import report_input_hash
from reports.exports import published_scores_json
from reports.models import PublishedResults, ReportJob
from reports.publishing import NOTHING_PUBLISHED_MESSAGE, PUBLISH_REFUSED, published_latest, published_results_of
from reports.services import report_request, report_run
from reports.sharing import report_share_with_viewers, share_link_create, share_link_token
from surveys.models import Organization, Survey
from surveys.services.responses import response_save_page, response_submit
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_at_risk, answers_submit
from tests.support.commands import run_command, run_manage_py
from tests.support.published import publish, without_csrf
from tests.support.questionnaire import personal_link

pytestmark = pytest.mark.django_db

K = 3
REAL_RENDERER = "reports.pdf.report_pdf"


@dataclass(frozen=True)
class Reading:
    """Everything a lead, an executive and a share-link holder can read of the survey."""

    page: str
    json: str
    csv: str
    report_job: int
    browser_report: str
    pdf_text: str
    shared: str

    def without_report(self) -> tuple[str, str, str]:
        return (self.page, self.json, self.csv)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def request_report(survey: Survey, lead: User) -> ReportJob:
    """A report requested as the button does, rendered by the real renderer in this process."""
    with override_settings(REPORT_RENDERER=REAL_RENDERER):
        job = report_request(survey=survey, requested_by=lead)
        report_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ReportJob.State.SUCCEEDED, job.error
    return job


def read_everything(survey: Survey, lead: User, viewer: User, job: ReportJob | None = None) -> Reading:
    """What the lead reads: pages, downloads, and a report (requested again, unless given)."""
    client = client_for(lead)
    if job is None:
        job = request_report(survey, lead)
    report_share_with_viewers(job=job, shared_by=lead)
    link = share_link_create(job=job, created_by=lead, days=1)
    token = share_link_token(link=link)
    pdf = b"".join(client_for(viewer).get(reverse("reports:download", args=[job.pk])).streaming_content)  # type: ignore[attr-defined]
    return Reading(
        page=without_csrf(client.get(reverse("scores:survey", args=[survey.pk])).content.decode()),
        json=client.get(reverse("scores:export_json", args=[survey.pk])).content.decode(),
        csv=client.get(reverse("scores:export_csv", args=[survey.pk])).content.decode(),
        report_job=job.pk,
        browser_report=without_csrf(client_for(viewer).get(reverse("reports:read", args=[job.pk])).content.decode()),
        pdf_text=_pdf_text(pdf),
        # The link's own token differs per link (the page links its PDF through it); nothing else may.
        shared=without_csrf(Client().get(reverse("reports:shared_read", args=[token])).content.decode()).replace(
            token, "TOKEN"
        ),
    )


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme, anonymity_threshold=K, roles=["engineer", "product_manager"])
    answers_at_risk(survey, "engineer", K, text="engineers say", risk_value=2)
    answers_at_risk(survey, "product_manager", K - 1, text="a hidden voice")
    return survey


def test_one_more_member_changes_no_output_and_cannot_be_published(survey: Survey, alice: User, victor: User) -> None:
    publish(survey)
    before = read_everything(survey, alice, victor)
    answers_submit(
        survey,
        "engineer",
        {"shelfware_sponsor_eng": 5, "shelfware_production_agreed_eng": 5},
        {"eng_text_path_to_production": "Quokka"},
    )
    after = read_everything(survey, alice, victor)
    assert after == before  # the same report job too: the same snapshot is the same report
    assert "Quokka" not in after.pdf_text
    response = client_for(alice).post(reverse("scores:publish", args=[survey.pk]), follow=True)
    expected = PUBLISH_REFUSED.format(roles="Engineers", changed=1, responses="response", them="it", missing=2)
    assert expected in response.content.decode()
    assert read_everything(survey, alice, victor) == before


def test_a_hidden_role_s_activity_changes_no_output(survey: Survey, alice: User, victor: User) -> None:
    publish(survey)
    job = request_report(survey, alice)
    before = read_everything(survey, alice, victor, job)
    answers_submit(survey, "product_manager", {"shelfware_sponsor_pm": 1}, {"pm_text_reach_customers_v2": "who am I"})
    assert read_everything(survey, alice, victor, job) == before
    # A report of the same snapshot is the same report: its input does not move either.
    assert report_input_hash(published=published_latest(survey=survey)) == job.input_hash  # type: ignore[arg-type]


def test_an_edit_after_submitting_changes_no_output(survey: Survey, alice: User, victor: User) -> None:
    _invitation, token = personal_link(survey, "engineer")
    response_save_page(token=token, answers={"shelfware_sponsor_eng": 1}, texts={})
    response_submit(token=token)
    publish(survey)
    before = read_everything(survey, alice, victor)
    response_save_page(token=token, answers={"shelfware_sponsor_eng": 5}, texts={})
    assert read_everything(survey, alice, victor) == before


def test_k_more_members_are_published_together_and_then_read(survey: Survey, alice: User, victor: User) -> None:
    publish(survey)
    before = read_everything(survey, alice, victor)
    for _member in range(K):
        answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    after = read_everything(survey, alice, victor)  # the report request publishes first
    assert after.report_job != before.report_job
    assert after.json != before.json
    published = published_latest(survey=survey)
    assert published is not None
    assert published.sequence == 2
    assert published_results_of(published).scores.roles["engineer"].submitted == 2 * K


def test_reading_a_page_before_publication_shows_no_figure_whatever_is_submitted(survey: Survey, alice: User) -> None:
    client = client_for(alice)
    before = client.get(reverse("scores:survey", args=[survey.pk])).content.decode()
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    after = client.get(reverse("scores:survey", args=[survey.pk])).content.decode()
    assert "Overall risk" not in after
    # Only the participation counts moved (one more engineer submitted), never a figure.
    assert without_csrf(after).replace('<td class="text-end">4</td>', '<td class="text-end">3</td>', 1) == (
        without_csrf(before)
    )


# --- The commands --------------------------------------------------------------------------------


def test_publish_results_prints_the_id_on_the_last_line(survey: Survey) -> None:
    output = run_command("publish_results", str(survey.pk))
    assert output.splitlines()[-1] == str(PublishedResults.objects.get(survey=survey).pk)


def test_publish_results_refuses_with_the_guard_s_sentence(survey: Survey) -> None:
    publish(survey)
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    expected = PUBLISH_REFUSED.format(roles="Engineers", changed=1, responses="response", them="it", missing=2)
    with pytest.raises(CommandError) as refused:
        run_command("publish_results", str(survey.pk))
    assert str(refused.value) == expected
    assert PublishedResults.objects.filter(survey=survey).count() == 1


@pytest.mark.process
@pytest.mark.django_db(transaction=True)
def test_publish_results_as_a_process_says_the_refusal_on_stderr_and_exits_with_1(survey: Survey) -> None:
    publish(survey)
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    process = run_manage_py("publish_results", str(survey.pk))
    assert process.returncode == 1
    assert process.stdout == ""
    assert "Engineers: 1 response changed since the last results" in process.stderr


def test_export_scores_published_prints_the_latest_published_results(survey: Survey) -> None:
    published = publish(survey)
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    output = run_command("export_scores", str(survey.pk), "--published")
    assert output == published_scores_json(survey=survey, results=published_results_of(published))
    assert output != run_command("export_scores", str(survey.pk))


def test_export_scores_published_is_an_error_before_any_publication(survey: Survey) -> None:
    with pytest.raises(CommandError, match=NOTHING_PUBLISHED_MESSAGE):
        run_command("export_scores", str(survey.pk), "--published")


def test_generate_report_publishes_first_and_reports_the_published_results(survey: Survey) -> None:
    output = run_command("generate_report", str(survey.pk))
    job = ReportJob.objects.get(survey=survey)
    assert output == f"{job.pk} queued\n"
    assert job.published == published_latest(survey=survey)
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 5})
    run_command("generate_report", str(survey.pk))
    # The guard refused new results, so the request joins the queued report of the same ones.
    assert ReportJob.objects.filter(survey=survey).count() == 1
