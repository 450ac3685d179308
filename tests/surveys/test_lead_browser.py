"""A lead's journey in a real Chromium: create a survey, invite, follow progress; axe-core checks."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from outbox.models import OutgoingEmail
from surveys.models import Invitation
from tests.conftest import PASSWORD
from tests.support.answers import make_responses

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    violations = results.response["violations"]
    return [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in SERIOUS]


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Surveys")).to_be_visible()


def test_it_creates_a_survey_invites_each_role_and_shows_progress(
    transactional_db: None, browser_page: Page, alice: User
) -> None:
    page = browser_page
    log_in(page, "alice")
    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Title").fill("Churn model")
    page.get_by_label("Team or project").fill("Growth ML")
    page.get_by_label("Closing date").fill("2999-12-31")
    page.get_by_role("button", name="Create survey").click()

    expect(page.get_by_role("heading", name="Invitations: Churn model")).to_be_visible()
    page.get_by_label("Addresses").fill(
        "dana@example.com, data_scientist\nerin@example.com, engineer\npat@example.com, Product manager"
    )
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("3 invitations created")).to_be_visible()

    page.get_by_role("link", name="Churn model").click()
    progress = page.get_by_role("table", name="Progress per role")
    for role in ("Data scientist", "Engineer", "Product manager"):
        expect(progress.get_by_role("row", name=role)).to_contain_text("1")
    assert Invitation.objects.count() == OutgoingEmail.objects.count() == 3
    assert serious_violations(page) == []


def test_it_shows_scores_without_serious_accessibility_violations(
    transactional_db: None, browser_page: Page, alice: User
) -> None:
    from tests.factories import make_survey

    survey = make_survey(alice.memberships.get().organization)
    make_responses(survey, "data_scientist", 3)
    make_responses(survey, "engineer", 4)
    make_responses(survey, "product_manager", 1)
    page = browser_page
    log_in(page, "alice")
    page.goto(f"/surveys/{survey.pk}/scores/")
    expect(page.get_by_text("No results published yet")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Publish interim results").click()
    expect(page.get_by_text("Product managers are left out of every figure: 1 response")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"/surveys/{survey.pk}/invitations/")
    assert serious_violations(page) == []
