"""A team's pages and the next round page: who sees what, what they show, wrong input.

alice owns Acme, bob leads in Acme, victor views Acme, charlie owns Globex.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, reverse

from reports import team_urls
from surveys.forms.invitations import LINE_ROLE_MESSAGE
from surveys.models import Invitation, Organization, Survey, Team
from surveys.services.invitations import invitations_create_personal
from surveys.services.surveys import survey_close
from surveys.services.teams import TEAM_NAME_TAKEN_MESSAGE
from surveys.views.rounds import NEXT_ROUND_INVITED_MESSAGE, NEXT_ROUND_STARTED_MESSAGE
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import make_responses
from tests.support.published import publish

DS, ENG, PM = "data_scientist", "engineer", "product_manager"


@pytest.fixture
def survey(alice: User, acme: Organization) -> Survey:
    return make_survey(acme, team="Growth ML", created_by=alice)


def client(who: str, request: pytest.FixtureRequest) -> Client:
    return Client() if who == "anonymous" else client_for(request.getfixturevalue(who))


def test_it_covers_every_team_url() -> None:
    names = {pattern.name for pattern in team_urls.urlpatterns if isinstance(pattern, URLPattern)}
    assert names == {"list", "detail", "edit"}


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("victor", 200), ("charlie", 404), ("anonymous", 302)]
)
def test_a_team_is_seen_by_the_members_of_its_organization_only(
    request: pytest.FixtureRequest, survey: Survey, who: str, status: int
) -> None:
    response = client(who, request).get(reverse("teams:detail", args=[survey.team_id]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("victor", 404), ("charlie", 404), ("anonymous", 302)]
)
def test_a_team_is_edited_by_its_organization_s_leads_only(
    request: pytest.FixtureRequest, survey: Survey, who: str, status: int
) -> None:
    response = client(who, request).post(reverse("teams:edit", args=[survey.team_id]), {"name": "Renamed"})

    assert response.status_code == (302 if who in ("alice", "bob", "anonymous") else status)
    assert Team.objects.get().name == ("Renamed" if who in ("alice", "bob") else "Growth ML")


def test_the_team_list_shows_no_team_of_another_organization(
    request: pytest.FixtureRequest, survey: Survey, globex: Organization
) -> None:
    make_survey(globex, team="Secret squad")

    page = client("alice", request).get(reverse("teams:list")).content.decode()

    assert "Growth ML" in page
    assert "Secret squad" not in page


def test_the_team_page_shows_published_figures_only(alice: User, survey: Survey) -> None:
    make_responses(survey, DS, 3, value=4)
    make_responses(survey, ENG, 3, value=2)
    page = client_for(alice).get(reverse("teams:detail", args=[survey.team_id])).content.decode()
    assert "Not published yet" in page

    publish(survey)
    make_responses(survey, PM, 3, value=1)
    page = client_for(alice).get(reverse("teams:detail", args=[survey.team_id])).content.decode()

    assert "Not published yet" not in page
    assert ">6</td>" in page  # six answered when published; the three since are not counted


def test_renaming_a_team_to_another_team_s_name_is_refused(alice: User, survey: Survey, acme: Organization) -> None:
    make_survey(acme, team="Risk")

    response = client_for(alice).post(reverse("teams:edit", args=[survey.team_id]), {"name": "risk"})

    assert TEAM_NAME_TAKEN_MESSAGE.format(name="risk") in response.content.decode()
    assert set(Team.objects.values_list("name", flat=True)) == {"Growth ML", "Risk"}


def test_a_team_needs_a_name(alice: User, survey: Survey) -> None:
    response = client_for(alice).post(reverse("teams:edit", args=[survey.team_id]), {"name": "  "})

    assert response.status_code == 200
    assert Team.objects.get().name == "Growth ML"


# --- the next round page ---------------------------------------------------------------------


def test_the_next_round_page_lists_the_previous_round_s_addresses(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role=DS, emails=["ada@example.com"])

    page = client_for(alice).get(reverse("surveys:next_round", args=[survey.pk])).content.decode()

    assert "ada@example.com, data_scientist" in page
    assert "Churn model (round 2)" in page


def test_starting_the_next_round_invites_nobody_unless_asked(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role=DS, emails=["ada@example.com"])
    survey_close(survey=survey)

    lead = client_for(alice)
    response = lead.post(
        reverse("surveys:next_round", args=[survey.pk]), {"title": "Round two", "lines": "ada@example.com, engineer"}
    )

    following = Survey.objects.get(round_number=2)
    assert response["Location"] == reverse("surveys:detail", args=[following.pk])
    assert not following.invitations.exists()
    assert NEXT_ROUND_STARTED_MESSAGE.format(number=2) in lead.get(response["Location"]).content.decode()


def test_starting_the_next_round_invites_the_edited_list_when_asked(alice: User, survey: Survey) -> None:
    lines = "ada@example.com, data_scientist\nnew@example.com, engineer"

    lead = client_for(alice)
    response = lead.post(
        reverse("surveys:next_round", args=[survey.pk]), {"title": "Round two", "invite": "on", "lines": lines}
    )

    following = Survey.objects.get(round_number=2)
    rows = list(following.invitations.order_by("email").values_list("email", "roles"))
    assert rows == [("ada@example.com", [DS]), ("new@example.com", [ENG])]
    page = lead.get(response["Location"]).content.decode()
    assert NEXT_ROUND_INVITED_MESSAGE.format(number=2, count=2) in page


def test_a_bad_line_starts_no_round_and_invites_nobody(alice: User, survey: Survey) -> None:
    lines = "ada@example.com, data_scientist\nbad@example.com, astronaut"

    response = client_for(alice).post(
        reverse("surveys:next_round", args=[survey.pk]), {"title": "Round two", "invite": "on", "lines": lines}
    )

    assert response.status_code == 200
    assert "astronaut" in response.content.decode()
    assert LINE_ROLE_MESSAGE.split("{")[0] in response.content.decode()
    assert Survey.objects.count() == 1
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["victor", "charlie"])
def test_an_outsider_starts_no_round(request: pytest.FixtureRequest, survey: Survey, who: str) -> None:
    response = client(who, request).post(reverse("surveys:next_round", args=[survey.pk]), {"title": "Round two"})

    assert response.status_code == 404
    assert Survey.objects.count() == 1
