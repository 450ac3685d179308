"""The improvement loop in the report: the change since the last round, the trend, the actions.

Round 1: three data scientists and three engineers answer at the worst risk, and the lead
records actions on it. Round 2: every answer healthy, so every compared change is credible.
"""

import io

import pytest
from pypdf import PdfReader

from reports.action_services import action_set_status
from reports.documents import ReportData, report_input_hash
from reports.models import Action
from reports.pdf import report_html, report_pdf
from reports.publishing import published_latest
from surveys.models import Organization, Survey
from tests.factories import make_survey
from tests.support.actions import in_days, make_action
from tests.support.answers import answers_at_risk
from tests.support.published import publish, report_of

pytestmark = pytest.mark.django_db

SCIENTIST, ENGINEER = "data_scientist", "engineer"
EARLIER_ACTION = "Pair a data scientist with the platform team on each deployment"
OPEN_ACTION = "Name a sponsor for every model in flight"
DONE_ACTION = "Write down the handover checklist"


@pytest.fixture
def round_1(acme: Organization) -> Survey:
    survey = make_survey(acme, title="Round 1", roles=[SCIENTIST, ENGINEER])
    answers_at_risk(survey, SCIENTIST, 3, risk_value=1)
    answers_at_risk(survey, ENGINEER, 3, risk_value=1)
    publish(survey)
    action_set_status(action=make_action(survey, what=EARLIER_ACTION), status=Action.Status.DONE)
    return survey


@pytest.fixture
def round_2(acme: Organization, round_1: Survey) -> Survey:
    survey = make_survey(acme, title="Round 2", roles=[SCIENTIST, ENGINEER])
    answers_at_risk(survey, SCIENTIST, 3, risk_value=5)
    answers_at_risk(survey, ENGINEER, 3, risk_value=5)
    publish(survey)
    action_set_status(action=make_action(survey, what=OPEN_ACTION, due_on=in_days(7)), status=Action.Status.DOING)
    action_set_status(action=make_action(survey, what=DONE_ACTION), status=Action.Status.DONE)
    return survey


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def test_a_first_round_s_report_has_no_change_and_says_nothing_of_it(round_1: Survey) -> None:
    data = report_of(round_1)
    assert data.rounds.since is None
    assert data.executive.since == ()
    assert "Since the last round" not in report_html(data=data, for_browser=False)


def test_the_summary_names_credible_improvements_only(round_2: Survey) -> None:
    data = report_of(round_2)
    assert data.rounds.since is not None
    assert data.rounds.worsened == ()
    assert set(data.rounds.improved) == {change.section.title for change in data.rounds.changes if change.section.roles}
    assert data.executive.since[0].startswith("Improved since round 1: ")


def test_each_mode_s_change_sits_beside_the_earlier_round_s_action(round_1: Survey, round_2: Survey) -> None:
    data = report_of(round_2)
    action = Action.objects.get(survey=round_1)
    [change] = [change for change in data.rounds.changes if change.earlier_actions]
    assert change.section.key == action.mode
    html = report_html(data=data, for_browser=False)
    block = html.split(f'id="since-{action.mode}"', 1)[1].split('class="since-mode"', 1)[0]
    assert "What the team set out to do about it in earlier rounds:" in block
    assert f"After round 1: {EARLIER_ACTION}" in block
    assert html.count(EARLIER_ACTION) == 1


def test_the_summary_lists_this_round_s_open_actions_only(round_2: Survey) -> None:
    data = report_of(round_2)
    assert len(data.executive.in_flight) == 1
    assert data.executive.in_flight[0].startswith(OPEN_ACTION)
    html = report_html(data=data, for_browser=True)
    assert DONE_ACTION in html  # in the actions section, not in flight


def test_a_changed_action_makes_a_new_report(round_2: Survey) -> None:
    published = published_latest(survey=round_2)
    assert published is not None
    before = report_input_hash(published=published)
    Action.objects.filter(survey=round_2, what=OPEN_ACTION).update(status=Action.Status.DONE)
    assert report_input_hash(published=published) != before


def test_a_third_round_s_report_still_shows_round_1_s_action(acme: Organization, round_2: Survey) -> None:
    third = make_survey(acme, title="Round 3", roles=[SCIENTIST, ENGINEER])
    answers_at_risk(third, SCIENTIST, 3, risk_value=5)
    answers_at_risk(third, ENGINEER, 3, risk_value=5)
    publish(third)
    data = report_of(third)
    earlier = [action.what for change in data.rounds.changes for action in change.earlier_actions]
    assert EARLIER_ACTION in earlier
    assert OPEN_ACTION in earlier
    assert data.executive.in_flight == ()


def _pdf_pages(data: ReportData) -> list[str]:
    reader = PdfReader(io.BytesIO(report_pdf(data=data).content))
    return [_squeezed(page.extract_text()) for page in reader.pages]


def test_the_pdf_s_first_page_holds_the_change_and_the_actions_in_flight(round_2: Survey) -> None:
    data = report_of(round_2)
    pages = _pdf_pages(data)
    assert "Since the last round" in pages[0]
    assert _squeezed(data.executive.since[0]) in pages[0]
    assert "Actions in flight" in pages[0]
    assert OPEN_ACTION in pages[0]
    assert pages[1].startswith("About this survey")
    everything = " ".join(pages)
    assert "What the team set out to do about it in earlier rounds" in everything
    assert "Round" in everything  # the trend chart's axis, as text
