"""A lead requests a report in a real Chromium, watches its progress bar move, downloads it."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper

from reports.models import ReportJob
from surveys.models import Organization
from tests.conftest import PASSWORD
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.report_renderers import SLOW_STEP
from tests.support.services import WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_it_shows_the_lead_the_progress_then_the_download(
    worker_factory: WorkerFactory,
    browser_page: Page,
    acme: Organization,
    alice: User,
    settings: SettingsWrapper,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    slow = {"REPORT_RENDERER": "tests.support.report_renderers.slow_report_pdf", "REPORT_TEST_DELAY": "2"}
    worker_factory(MEDIA_ROOT=str(settings.MEDIA_ROOT), **slow)
    survey = make_survey(acme, roles=["data_scientist"])
    answers_random(survey, per_role={"data_scientist": 2})
    page = browser_page
    # The strict CSP reports a blocked script or style as a console error.
    errors: list[str] = []
    page.on("console", lambda message: _collect_error(message, errors))

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(alice.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/surveys/{survey.pk}/")
    page.get_by_role("button", name="Request the PDF report").click()

    expect(page.get_by_role("progressbar", name="Report progress")).to_be_visible()
    expect(page.locator("[data-report-message]")).to_contain_text(SLOW_STEP)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    job = ReportJob.objects.get(survey=survey)
    assert download.value.suggested_filename == job.download_filename
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert errors == []


def _collect_error(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)
