"""Three rounds of one team in a real Chromium, with a real worker for the report (issue 12).

A lead closes round 1, records an action on the mode most at risk, starts round 2 (a member
answers it in the browser), closes it, starts round 3, closes it, and reads in round 3's
report what changed since round 2, how sure that is, and what the team did.
"""

import random
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper

from reports.models import Action
from surveys.models import BankQuestion, Organization, Response, Survey
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.actions import in_days
from tests.support.answers import answers_submit
from tests.support.questionnaire import pages_of
from tests.support.services import WorkerFactory
from tests.surveys.test_journey_browser import member_answers, member_submits
from tests.surveys.test_lead_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.worker]
DS, ENG = "data_scientist", "engineer"
ACTION = "Pair an engineer with each model from its kickoff"


def answers_around(survey: Survey, role: str, count: int, *, healthy: tuple[int, int], seed: int) -> None:
    """`count` submitted responses whose healthy-side answers are drawn from `healthy` (1..5)."""
    rng = random.Random(seed)
    questions = BankQuestion.objects.filter(bank_id=survey.bank_id, role=role, kind=BankQuestion.Kind.LIKERT)
    for _ in range(count):
        likert = {}
        for question in questions:
            value = rng.choice(healthy)
            likert[question.key] = value if question.polarity == BankQuestion.Polarity.POSITIVE else 6 - value
        answers_submit(survey, role, likert)


def close_and_read_results(page: Page, survey: Survey) -> None:
    page.goto(f"/surveys/{survey.pk}/")
    page.get_by_role("button", name="Close survey").click()
    page.goto(f"/surveys/{survey.pk}/scores/")


def start_next_round(page: Page, survey: Survey) -> Survey:
    page.goto(f"/teams/{survey.team_id}/")
    page.get_by_role("link", name="Start the next round").click()
    page.get_by_role("button", name="Start the next round").click()
    following = Survey.objects.get(team=survey.team, round_number=survey.round_number + 1)
    expect(page).to_have_url(f"{page.url.split('/surveys/')[0]}/surveys/{following.pk}/")
    return following


def test_a_lead_runs_a_team_through_three_rounds_and_reads_the_change_and_the_action(
    worker_factory: WorkerFactory,
    browser_page: Page,
    chromium: Browser,
    live_server: Any,
    acme: Organization,
    alice: User,
    settings: SettingsWrapper,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    worker_factory(MEDIA_ROOT=str(settings.MEDIA_ROOT))
    page = browser_page
    log_in(page, "alice")

    # Round 1: both roles see much at risk.
    first = make_survey(acme, title="Fraud model rollout", team="Payments ML", roles=[DS, ENG], created_by=alice)
    answers_around(first, DS, 4, healthy=(1, 2), seed=1)
    answers_around(first, ENG, 4, healthy=(1, 2), seed=2)
    close_and_read_results(page, first)
    mode = page.get_by_label("Add an action to a failure mode")
    mode_title = mode.locator("option").nth(1).inner_text()
    mode.select_option(index=1)
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("What the team will do").fill(ACTION)
    page.get_by_label("Owner's name").fill("Priya")
    page.get_by_label("Due date").fill(in_days(20).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("list", name=mode_title)).to_contain_text(ACTION)

    # Round 2: much better; one data scientist answers in the browser.
    second = start_next_round(page, first)
    [(_, token)] = invitations_create_personal(survey=second, role=DS, count=1)
    member = chromium.new_context(base_url=live_server.url).new_page()
    member_answers(member, f"/s/{token}/", second, DS, pages=range(1, len(pages_of(second, DS).pages)))
    member_submits(member)
    answers_around(second, DS, 3, healthy=(4, 5), seed=3)
    answers_around(second, ENG, 4, healthy=(4, 5), seed=4)
    close_and_read_results(page, second)
    since = page.get_by_role("region", name="Since the last round")
    expect(since).to_contain_text("improved")

    # Round 3: about the same as round 2.
    third = start_next_round(page, second)
    answers_around(third, DS, 4, healthy=(4, 5), seed=5)
    answers_around(third, ENG, 4, healthy=(4, 5), seed=6)
    close_and_read_results(page, third)
    expect(page.get_by_role("region", name="Since the last round")).to_contain_text("no clear change")

    # The report of round 3: what changed, how sure, and what the team did.
    page.goto(f"/surveys/{third.pk}/")
    page.get_by_role("button", name="Request the PDF report").click()
    # The worker renders a report of some thirty pages: allow it a minute on a busy machine.
    read = page.get_by_role("link", name="Read it in the browser")
    expect(read).to_be_visible(timeout=90_000)
    read.click()
    report = page.locator("main")
    expect(report).to_contain_text("Since the last round")
    expect(report).to_contain_text("no clear change")
    expect(report).to_contain_text(ACTION)
    # The member who answered in the browser, and the seven answers made beside.
    assert Response.objects.filter(survey=second, status=Response.Status.SUBMITTED).count() == 8
    assert Action.objects.get().survey == first
