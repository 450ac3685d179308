"""Results back to the team in a real Chromium: the lead shares, a member reads on a 390 px phone.

The team view fits the phone without sideways scrolling, fetches nothing from another origin,
breaks no CSP rule and passes axe-core; so does the organization overview an executive reads.
"""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, expect

from outbox.models import OutgoingEmail
from surveys.models import Organization, Survey
from surveys.services.invitations import invitations_create_personal
from tests.conftest import PASSWORD
from tests.factories import make_survey
from tests.support.actions import make_action
from tests.support.answers import answers_at_risk, answers_random
from tests.support.published import publish
from tests.surveys.test_lead_browser import log_in, serious_violations

pytestmark = pytest.mark.browser

PHONE = ViewportSize(width=390, height=844)


@pytest.fixture
def survey(acme: Organization, alice: User) -> Survey:
    survey = make_survey(acme, roles=["data_scientist", "engineer", "product_manager"], created_by=alice)
    invitations_create_personal(survey=survey, role="engineer", emails=["eli@example.com", "eva@example.com"])
    answers_random(survey, per_role={"data_scientist": 6, "engineer": 5}, comment="A long comment " * 12)
    answers_at_risk(survey, "product_manager", 2)
    publish(survey)
    make_action(survey, what="Show each model to its users before building it")
    return survey


def test_a_lead_shares_and_a_member_reads_on_a_phone(
    transactional_db: None, browser_page: Page, chromium: Browser, live_server: Any, survey: Survey
) -> None:
    page = browser_page
    log_in(page, "alice")
    page.goto(f"/surveys/{survey.pk}/")
    page.get_by_role("link", name="Share with the team").click()
    page.get_by_label("Last day the link works").fill("2000-01-01")
    page.get_by_role("button", name="Send to 2 addresses").click()
    expect(page.get_by_role("alert")).to_contain_text("choose today or a later day")
    assert not OutgoingEmail.objects.filter(subject__startswith="Your team's results").exists()

    page.get_by_role("button", name="Send to 2 addresses").click()
    expect(page.get_by_role("status").first).to_contain_text("on its way to 2 invited addresses")
    link = page.get_by_label("The link, to paste where the team talks").input_value()
    [body] = {email.body for email in OutgoingEmail.objects.filter(subject__startswith="Your team's results")}
    assert urlsplit(link).path in body

    member = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    try:
        _read_on_a_phone(member.new_page(), urlsplit(link).path, live_server.url)
    finally:
        member.close()


def _read_on_a_phone(page: Page, path: str, site: str) -> None:
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: _collect_error(message, errors))

    page.goto(path)

    expect(page.get_by_role("heading", name="Questions to talk through")).to_be_visible()
    expect(page.get_by_text("Show each model to its users before building it", exact=True)).to_be_visible()
    assert page.locator("form").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(site).netloc}
    assert errors == []
    assert serious_violations(page) == []


def test_an_executive_reads_the_overview_on_a_phone(
    transactional_db: None, browser_page: Page, survey: Survey, victor: User
) -> None:
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("victor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Overview").click()

    expect(page.get_by_role("heading", name=re.compile("Overview of"))).to_be_visible()
    expect(page.get_by_role("rowheader", name=survey.team.name)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []


def _collect_error(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)
