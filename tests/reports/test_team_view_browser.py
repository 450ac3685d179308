"""The team view on a 390 px phone, in a real Chromium: it fits, fetches nothing from elsewhere, breaks no CSP."""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, ViewportSize

from reports.team_sharing import team_share_send, team_share_token
from surveys.models import Organization
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.answers import answers_at_risk, answers_random
from tests.support.published import publish

pytestmark = pytest.mark.browser

PHONE = ViewportSize(width=390, height=844)


def test_the_team_view_fits_a_phone_and_loads_only_the_site_s_own_files(
    browser_page: Page, live_server: Any, acme: Organization, alice: User, tmp_path: Path
) -> None:
    survey = make_survey(acme, roles=["data_scientist", "engineer", "product_manager"], created_by=alice)
    invitations_create_personal(survey=survey, role="engineer", emails=["eli@example.com"])
    answers_random(survey, per_role={"data_scientist": 6, "engineer": 5}, comment="A long comment " * 12)
    answers_at_risk(survey, "product_manager", 2)
    publish(survey)
    share = team_share_send(survey=survey, sent_by=alice, expires_on=survey.created_at.date())
    page = browser_page
    page.set_viewport_size(PHONE)
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: _collect_error(message, errors))

    page.goto(f"/t/{team_share_token(share=share)}/")
    page.screenshot(path=str(tmp_path / "team-view-390.png"), full_page=True)

    assert page.get_by_role("heading", name="Questions to talk through").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    site = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requested} == {site}
    assert errors == []


def _collect_error(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)
