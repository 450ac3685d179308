"""The organization overview: who sees it, what each team's row shows, and what it never shows.

alice owns Acme, bob leads in Acme, victor views Acme (an executive), charlie owns Globex.
"""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.action_services import action_set_status
from reports.changes import IMPROVED
from reports.models import Action
from reports.overview import organization_overview
from reports.publishing import PREVIOUS_NOT_PUBLISHED
from reports.round_sections import FIRST_ROUND, REASONS, VERDICTS
from reports.selectors import survey_modes
from surveys.models import Organization, Survey
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.actions import make_action
from tests.support.answers import answers_at_risk
from tests.support.published import publish, without_csrf

DS, ENG, PM = "data_scientist", "engineer", "product_manager"


def _round(organization: Organization, team: str, *, ds: int = 3, eng: int = 3, risk: int = 1, **kw: object) -> Survey:
    """A round of `team` with published results: data scientists at `risk`, engineers healthy."""
    survey = make_survey(organization, team=team, roles=[DS, ENG, PM], **kw)
    answers_at_risk(survey, DS, ds, risk_value=risk)
    answers_at_risk(survey, ENG, eng, risk_value=5)
    publish(survey)
    return survey


def _page(user: User, organization: Organization) -> str:
    return client_for(user).get(reverse("organization_overview", args=[organization.pk])).content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("victor", 200), ("charlie", 404), ("anonymous", 302)]
)
def test_members_of_the_organization_see_it_and_nobody_else(
    request: pytest.FixtureRequest, acme: Organization, who: str, status: int
) -> None:
    _round(acme, "Growth ML")
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))

    response = client.get(reverse("organization_overview", args=[acme.pk]))

    assert response.status_code == status
    if status == 200:
        assert "Growth ML" in response.content.decode()


def test_a_viewer_reads_each_team_s_latest_published_round(acme: Organization, victor: User) -> None:
    first = _round(acme, "Growth ML", risk=5)
    second = _round(acme, "Growth ML", risk=1, title="Round two")
    make_survey(acme, team="Growth ML", title="Round three, not published")

    [row] = organization_overview(organization=acme)
    page = _page(victor, acme)

    assert row.survey == second
    assert row.newer_round == 3
    assert "Round 2: Round two" in page
    assert "round 3 under way" in page
    assert first.title not in page


def test_teams_are_listed_by_name_not_by_score(acme: Organization, alice: User) -> None:
    _round(acme, "Zeta squad", risk=5)
    _round(acme, "Alpha squad", risk=1)
    _round(acme, "Mid squad", risk=3)

    page = _page(alice, acme)

    assert page.index("Alpha squad") < page.index("Mid squad") < page.index("Zeta squad")
    assert "not as a ranking" in page


def test_a_role_below_the_threshold_shows_its_participation_only(acme: Organization, alice: User) -> None:
    survey = _round(acme, "Growth ML")
    [row] = organization_overview(organization=acme)

    [hidden] = row.hidden_roles

    assert hidden.key == PM
    assert not any(PM in mode.roles for mode in row.results.scores.modes)  # type: ignore[union-attr]
    assert f"(fewer than {survey.anonymity_threshold}: not in the figures)" in _page(alice, acme)


def test_a_withheld_round_shows_participation_only(acme: Organization, victor: User) -> None:
    _round(acme, "Tiny team", ds=2, eng=1)

    [row] = organization_overview(organization=acme)
    page = _page(victor, acme)

    assert row.withheld
    assert "Participation only" in page
    assert "of 100" not in page
    assert "Data scientists 2" in page


def test_answers_after_publication_change_nothing(acme: Organization, victor: User) -> None:
    survey = _round(acme, "Growth ML")
    before = without_csrf(_page(victor, acme))

    answers_at_risk(survey, ENG, 5, risk_value=1)
    answers_at_risk(survey, PM, 3, risk_value=1)

    assert without_csrf(_page(victor, acme)) == before


def test_it_counts_the_planned_and_doing_actions_of_every_round(acme: Organization, alice: User) -> None:
    first = _round(acme, "Growth ML")
    second = _round(acme, "Growth ML", title="Round two")
    make_action(first, what="Still doing from round one")
    action_set_status(action=make_action(second, what="Started"), status=Action.Status.DOING)
    action_set_status(action=make_action(second, what="Done"), status=Action.Status.DONE)
    action_set_status(action=make_action(second, what="Dropped"), status=Action.Status.DROPPED)

    [row] = organization_overview(organization=acme)

    assert row.open_actions == 2


def test_another_organization_s_teams_never_appear(acme: Organization, globex: Organization, alice: User) -> None:
    _round(acme, "Growth ML")
    _round(globex, "Secret squad")

    page = _page(alice, acme)

    assert "Secret squad" not in page
    assert [row.team.name for row in organization_overview(organization=acme)] == ["Growth ML"]


def test_it_costs_the_same_queries_for_one_team_as_for_many(acme: Organization, victor: User) -> None:
    _round(acme, "Growth ML")
    client = client_for(victor)
    url = reverse("organization_overview", args=[acme.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)

    for name in ("Platform", "Search", "Fraud"):
        survey = _round(acme, name)
        _round(acme, name, title="Again")
        make_action(survey)
    make_survey(acme, team="New team")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(one)
    with CaptureQueriesContext(connection) as selector:
        organization_overview(organization=acme)
    assert len(selector) == 5


def test_the_navigation_leads_a_member_to_the_overview(acme: Organization, victor: User) -> None:
    client = client_for(victor)

    response = client.get(reverse("overview"))

    assert response.status_code == 302
    assert response["Location"] == reverse("organization_overview", args=[acme.pk])
    assert f'href="{reverse("overview")}"' in client.get(response["Location"]).content.decode()


def test_it_names_only_credible_changes_since_the_previous_round(acme: Organization, victor: User) -> None:
    _round(acme, "Growth ML", risk=1)
    _round(acme, "Growth ML", risk=5, title="Round two")

    [row] = organization_overview(organization=acme)
    page = _page(victor, acme)

    assert row.change is not None
    titles = tuple(mode.title for mode in survey_modes(survey=row.survey))  # type: ignore[arg-type]
    assert row.change.named == ((VERDICTS[IMPROVED], titles),)
    assert row.change.unclear == 0
    assert f"<strong>Improved</strong>: {titles[0]}" in _unescaped(page)


def test_changes_inside_the_noise_are_no_clear_change(acme: Organization, victor: User) -> None:
    _round(acme, "Growth ML", risk=3)
    _round(acme, "Growth ML", risk=3, title="Round two")

    [row] = organization_overview(organization=acme)

    assert row.change is not None
    assert row.change.named == ()
    assert f"No clear change on {row.change.compared} failure modes compared with round 1" in _page(victor, acme)


def test_a_first_round_and_an_unpublished_previous_round_are_said_so(acme: Organization, victor: User) -> None:
    _round(acme, "First team")
    make_survey(acme, team="Second team", roles=[DS, ENG, PM], title="Never published")
    _round(acme, "Second team", title="Round two")

    first, second = organization_overview(organization=acme)
    page = _page(victor, acme)

    assert first.change is not None
    assert first.change.missing == FIRST_ROUND
    assert second.change is not None
    assert second.change.missing == REASONS[PREVIOUS_NOT_PUBLISHED].format(number=1)
    assert FIRST_ROUND in _unescaped(page)
    assert second.change.missing in _unescaped(page)


def test_a_withheld_round_shows_no_change_either(acme: Organization, victor: User) -> None:
    _round(acme, "Growth ML", risk=1)
    _round(acme, "Growth ML", ds=2, eng=2, risk=5, title="Round two")

    page = _page(victor, acme)

    assert "Participation only" in page
    assert "Improved" not in page
    assert "No clear change" not in page


def _unescaped(page: str) -> str:
    return page.replace("&#x27;", "'").replace("&quot;", '"')
