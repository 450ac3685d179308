"""The whole journey in a real Chromium: a lead sets up a survey, three members answer it."""

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from outbox.models import OutgoingEmail
from reports.publishing import CLOSED_AND_PUBLISHED_MESSAGE
from surveys.models import Response, Survey
from tests.conftest import PASSWORD
from tests.support.browser import sign_up
from tests.support.questionnaire import likert_keys, pages_of

pytestmark = pytest.mark.browser
MEMBERS = {
    "dana.ds@example.com": "data_scientist",
    "eli.eng@example.com": "engineer",
    "pat.pm@example.com": "product_manager",
}
LINK = re.compile(r"/s/[A-Za-z0-9_-]+/")


def lead_signs_up_and_creates_a_survey(page: Page) -> None:
    sign_up(page, username="lena", organization="Lena's ML team", password=PASSWORD)
    page.get_by_role("link", name="New survey").first.click()
    page.get_by_label("Title").fill("Churn model, spring review")
    page.get_by_label("Team or project").fill("Growth ML")
    page.get_by_label("Description").fill("Where our churn work gets stuck.")
    page.get_by_role("button", name="Create survey").click()


def lead_invites_one_member_per_role(page: Page) -> dict[str, str]:
    """Paste one line per member; returns each address's link path, read from its e-mail."""
    lines = "\n".join(f"{email}, {role}" for email, role in MEMBERS.items())
    page.get_by_label("Addresses").fill(lines)
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("3 invitations created")).to_be_visible()
    links = {}
    for email in OutgoingEmail.objects.filter(to__in=MEMBERS):
        match = LINK.search(email.body)
        assert match is not None, email.body
        links[email.to] = match.group(0)
    assert set(links) == set(MEMBERS)
    return links


def member_answers(page: Page, link: str, survey: Survey, role: str, *, pages: range) -> None:
    questionnaire = pages_of(survey, role)
    for number in pages:
        page.goto(f"{link}page/{number}/")
        for key in likert_keys(questionnaire, number):
            page.locator(f"#{key}_4").check()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator("#progress-label")).to_have_text(f"Page {number + 1} of {len(questionnaire.pages)}")


def member_submits(page: Page) -> None:
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def test_it_takes_a_lead_and_three_members_from_sign_up_to_progress(
    browser_page: Page, chromium: Browser, live_server: Any
) -> None:
    lead = browser_page
    lead_signs_up_and_creates_a_survey(lead)
    links = lead_invites_one_member_per_role(lead)
    survey = Survey.objects.get()
    last = len(pages_of(survey).pages)

    for email, role in MEMBERS.items():
        context = chromium.new_context(base_url=live_server.url)
        member = context.new_page()
        member.goto(links[email])
        expect(member.get_by_role("heading", name="Churn model, spring review")).to_be_visible()
        if role == "engineer":
            # Leaves half-way, and comes back later from another browser.
            member_answers(member, links[email], survey, role, pages=range(1, 3))
            context.close()
            context = chromium.new_context(base_url=live_server.url)
            member = context.new_page()
            member.goto(links[email])
            member.get_by_role("link", name="Continue").click()
            member_answers(member, links[email], survey, role, pages=range(3, last))
        else:
            member_answers(member, links[email], survey, role, pages=range(1, last))
        member_submits(member)
        context.close()

    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 3
    lead.reload()
    progress = lead.get_by_role("table", name="Progress per role")
    expect(progress.locator("tbody tr")).to_have_count(3)
    for row in progress.locator("tbody tr").all():
        expect(row.locator("td").nth(2)).to_have_text(re.compile(r"^1\b"))
    # Nothing is published while the survey is open: participation only (privacy.md).
    lead.goto(f"/surveys/{survey.pk}/scores/")
    expect(lead.get_by_text("No results published yet")).to_be_visible()
    # Closing publishes the results, and the scores page then shows them with their date.
    lead.goto(f"/surveys/{survey.pk}/")
    lead.get_by_role("button", name="Close survey").click()
    expect(lead.get_by_text(CLOSED_AND_PUBLISHED_MESSAGE)).to_be_visible()
    lead.goto(f"/surveys/{survey.pk}/scores/")
    expect(lead.get_by_text("Results no. 1, published on")).to_be_visible()
    expect(lead.get_by_text("Scores withheld")).to_be_visible()
