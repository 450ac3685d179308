"""A lead records an action from the results in a real Chromium, then closes it; axe-core checks."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from reports.models import Action
from reports.selectors import survey_modes
from tests.factories import make_survey
from tests.support.actions import in_days
from tests.support.answers import make_responses
from tests.support.published import publish
from tests.surveys.test_lead_browser import log_in, serious_violations

pytestmark = pytest.mark.browser


def test_a_lead_adds_an_action_to_a_mode_and_closes_it(transactional_db: None, browser_page: Page, alice: User) -> None:
    survey = make_survey(alice.memberships.get().organization, title="Fraud model rollout")
    make_responses(survey, "engineer", 3)
    make_responses(survey, "data_scientist", 3, seed=2)
    publish(survey)
    mode = survey_modes(survey=survey)[2]
    page = browser_page
    log_in(page, "alice")
    page.goto(f"/surveys/{survey.pk}/scores/")
    page.get_by_label("Add an action to a failure mode").select_option(label=mode.title)
    page.get_by_role("button", name="Add an action").click()

    expect(page.get_by_label("Failure mode")).to_have_value(mode.key)
    page.get_by_label("What the team will do").fill("Weekly hand-over")
    page.get_by_label("Owner's name").fill("Dana")
    page.get_by_label("Owner's e-mail address (optional)").fill("dana@example.com")
    page.get_by_label("Due date").fill(in_days(-1).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The due date cannot be in the past.", exact=True)).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_label("Due date").fill(in_days(10).isoformat())
    page.get_by_role("button", name="Add the action").click()
    actions = page.get_by_role("list", name=mode.title)
    expect(actions).to_contain_text("Weekly hand-over")
    expect(actions).to_contain_text("Planned")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Close as done: “Weekly hand-over”").click()
    expect(page.get_by_role("list", name=mode.title)).to_contain_text("Done")
    assert Action.objects.get().status == Action.Status.DONE
