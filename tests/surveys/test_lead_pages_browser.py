"""The lead's path in a real Chromium (issue 13): create with reminders, mend a typo, preview,
label links, reload, revoke and undo, copy, delete; axe-core on each new page."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from surveys.models import Invitation, Response, ScheduledReminder, Survey
from surveys.services.survey_editing import DELETE_CONFIRMATION_MESSAGE
from tests.surveys.test_lead_browser import log_in, serious_violations

pytestmark = pytest.mark.browser


def test_a_lead_runs_a_survey_without_surprises(transactional_db: None, browser_page: Page, alice: User) -> None:
    page = browser_page
    log_in(page, "alice")
    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Title").fill("Churn modle")
    page.get_by_label("Team or project").fill("Growth ML")
    page.get_by_label("Closing date").fill("2999-12-31")
    page.get_by_label("3 days before closing").check()
    page.get_by_label("1 day before closing").check()
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_role("heading", name="Invitations: Churn modle")).to_be_visible()
    assert sorted(ScheduledReminder.objects.values_list("days_before", flat=True)) == [1, 3]

    # A typo in the title is mended on the edit page.
    page.get_by_role("link", name="Churn modle").click()
    page.get_by_role("link", name="Edit").click()
    assert serious_violations(page) == []
    page.get_by_label("Title").fill("Churn model")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Churn model")).to_be_visible()

    # The preview shows an engineer's first page and makes no link.
    page.get_by_role("link", name=re.compile(r"^Engineer")).click()
    expect(page.get_by_text("Preview as Engineer")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#progress-label")).to_contain_text("Page 2 of")
    assert not Invitation.objects.exists()
    assert not Response.objects.exists()
    page.get_by_role("link", name="Back to the survey").click()

    # Two labelled links, shown once: a reload creates nothing and shows them no more.
    page.get_by_role("link", name="Invite members and manage links").click()
    links = page.locator("section", has=page.get_by_role("heading", name="Personal links without an address"))
    links.get_by_label("Number of links").fill("2")
    links.get_by_label("Label (optional)").fill("Offsite, table 3")
    links.get_by_role("button", name="Create links").click()
    expect(page.get_by_role("heading", name="Your 2 personal links")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="These links were shown once")).to_be_visible()
    assert Invitation.objects.count() == 2
    page.get_by_role("link", name="Back to the invitations").click()

    # The list tells the links apart; revoking asks first, names the link, and can be undone.
    table = page.get_by_role("region", name="Links and reminders")
    expect(table.get_by_role("row", name=re.compile("Personal link 1"))).to_contain_text("Offsite, table 3")
    table.get_by_role("link", name="Revoke… link 2").click()
    expect(page.get_by_role("heading", name=re.compile("Revoke the personal link"))).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(page.get_by_text("Link revoked")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Undo")).click()
    expect(page.get_by_text("Link restored")).to_be_visible()
    assert not Invitation.objects.filter(revoked_at__isnull=False).exists()

    # A copy for another team, then deleted again with its title typed.
    page.get_by_role("link", name="Churn model").first.click()
    page.get_by_role("link", name="Copy").click()
    page.get_by_label("Title").fill("Fraud model")
    page.get_by_label("Team or project").fill("Risk ML")
    page.get_by_role("button", name="Create the copy").click()
    expect(page.get_by_text("Survey copied as round 1 of Risk ML")).to_be_visible()
    page.get_by_role("link", name="Fraud model").click()
    page.get_by_role("link", name="Delete…").click()
    assert serious_violations(page) == []
    page.get_by_label("Type the survey's title to confirm").fill("Fraud")
    page.get_by_role("button", name="Delete the survey").click()
    expect(page.get_by_text(DELETE_CONFIRMATION_MESSAGE, exact=True)).to_be_visible()
    page.get_by_label("Type the survey's title to confirm").fill("Fraud model")
    page.get_by_role("button", name="Delete the survey").click()
    expect(page.get_by_text("“Fraud model” deleted")).to_be_visible()
    assert list(Survey.objects.values_list("title", flat=True)) == ["Churn model"]
