"""The scores page and the downloads, and the fixed number of queries of the lead's pages."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from reports.exports import survey_scores_csv, survey_scores_json
from reports.figures import figure_text, percent_text, whole_text
from reports.results import results_live
from surveys.models import Organization, Response, Survey
from surveys.services.invitations import invitation_create_open, invitations_create_personal
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import make_responses
from tests.support.published import publish


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=["data_scientist", "engineer", "product_manager"])


def scores_page(user: User, survey: Survey) -> str:
    """The page after publishing: its figures are those of the published results."""
    publish(survey)
    return client_for(user).get(reverse("scores:survey", args=[survey.pk])).content.decode()


def test_it_withholds_every_figure_until_a_role_reaches_the_threshold(alice: User, survey: Survey) -> None:
    make_responses(survey, "engineer", 2)
    page = scores_page(alice, survey)
    assert "Scores withheld" in page
    assert "Overall risk" not in page


def test_it_names_the_roles_below_the_threshold_and_leaves_them_out(alice: User, survey: Survey) -> None:
    make_responses(survey, "data_scientist", 3)
    make_responses(survey, "engineer", 4, seed=2)
    make_responses(survey, "product_manager", 2)
    page = scores_page(alice, survey)
    assert "Product managers are left out of every figure: 2 responses" in page
    assert "It is based on 2 of 3 roles: product managers are left out." in page
    assert page.count('<th scope="row">Product manager</th>') == 1


def test_it_shows_each_modes_figures_from_the_scoring_module(alice: User, survey: Survey) -> None:
    make_responses(survey, "data_scientist", 3)
    make_responses(survey, "engineer", 4, seed=2)
    scores = results_live(survey=survey).scores
    page = scores_page(alice, survey)
    mode = next(mode for mode in scores.modes if mode.gap_ci95 is not None)
    assert mode.gap_ci95 is not None
    figures = mode.roles["engineer"]
    assert f"{figure_text(mode.overall_risk)}, between" in page
    assert f"its 95% interval runs from {figure_text(mode.gap_ci95[0])} to {figure_text(mode.gap_ci95[1])}" in page
    assert f"{figure_text(figures.ci95[0])} to {figure_text(figures.ci95[1])}" in page
    assert percent_text(figures.favourable) in page
    assert percent_text(figures.dont_know_rate) in page


def test_it_marks_a_gap_misaligned_only_when_scoring_does(alice: User, survey: Survey) -> None:
    make_responses(survey, "data_scientist", 3)
    make_responses(survey, "engineer", 4, seed=2)
    scores = results_live(survey=survey).scores
    assert scores_page(alice, survey).count(">misaligned</span>") == sum(mode.misaligned for mode in scores.modes)


def test_it_says_why_a_role_is_left_out_of_a_mode(alice: User, survey: Survey) -> None:
    make_responses(survey, "data_scientist", 3)
    Response.objects.filter(survey=survey).update(likert={})
    make_responses(survey, "engineer", 3, seed=2)
    page = scores_page(alice, survey)
    assert "Not shown: fewer than 3 answered this part." in page
    assert "Data scientists are left out of" in page


def test_it_prints_the_health_index_as_the_report_does(alice: User, survey: Survey) -> None:
    make_responses(survey, "engineer", 3)
    health = results_live(survey=survey).scores.health_index
    assert f"{whole_text(health)} <span" in scores_page(alice, survey)


def test_it_shows_the_response_rate_and_the_open_link_and_imported_answers(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role="engineer", count=10)
    make_responses(survey, "engineer", 3)
    make_responses(survey, "engineer", 1, source=Response.Source.OPEN_LINK)
    make_responses(survey, "engineer", 2, source=Response.Source.IMPORT)
    page = scores_page(alice, survey)
    assert "Engineers: 3 of 10 invited answered (30%), and 1 through the open link and 2 imported." in page
    assert "30% (under 60%)" in page


def test_it_downloads_the_json_of_commands_md(alice: User, survey: Survey) -> None:
    make_responses(survey, "engineer", 3)
    publish(survey)
    response = client_for(alice).get(reverse("scores:export_json", args=[survey.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.decode() == survey_scores_json(survey=survey)
    assert json.loads(response.content)["survey"]["id"] == survey.pk


def test_it_downloads_the_csv_of_commands_md(alice: User, survey: Survey) -> None:
    make_responses(survey, "engineer", 3)
    publish(survey)
    response = client_for(alice).get(reverse("scores:export_csv", args=[survey.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == survey_scores_csv(survey=survey)


def grow(survey: Survey, *, size: int) -> None:
    for role in survey.roles:
        invitations_create_personal(survey=survey, role=role, emails=[f"{role}{i}@example.com" for i in range(size)])
        invitations_create_personal(survey=survey, role=role, count=size)
        make_responses(survey, role, size)
    invitation_create_open(survey=survey, roles=survey.roles)


# Measured: session, user and survey, then a fixed number of reads. The detail page leaves
# room for the reports panel it includes (owned by the reports app).
# One more than the page needs: the navigation asks whether the user leads an organization.
# The scores page reads the survey's Results (answers, design, participation, comments) and
# the titles of roles and modes. The progress table reads participation (the one rule for
# invited and submitted) beside its own count of opened links: one query more than it had.
# The invitations page also reads the links revoked in the last minutes, for their undo.
MAX_QUERIES = {"surveys:list": 7, "surveys:detail": 11, "surveys:invitations": 12, "scores:survey": 12}


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize("name", list(MAX_QUERIES))
def test_it_costs_a_fixed_number_of_queries_however_many_invitations_and_responses(
    alice: User, acme: Organization, name: str, size: int, django_assert_max_num_queries: Any
) -> None:
    client = client_for(alice)
    for _survey in range(size // 10 + 1):
        survey = make_survey(acme)
        grow(survey, size=size)
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        response = client.get(reverse(name, args=[] if name == "surveys:list" else [survey.pk]))
    assert response.status_code == 200
