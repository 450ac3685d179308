"""Surveys, invitations and published results through the API: the browser's rules, the same sentences."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework import serializers

from api.serializers import SurveySerializer
from api.views.surveys import ORGANIZATION_NEEDED_MESSAGE
from outbox.models import OutgoingEmail
from reports.exports import published_scores_document
from reports.models import PublishedResults
from reports.publishing import NOTHING_PUBLISHED_MESSAGE, published_latest, published_results_of, results_publish
from surveys.models import Invitation, Membership, Organization, Survey
from surveys.services.survey_editing import DELETE_CONFIRMATION_MESSAGE, SETTINGS_LOCKED_MESSAGE
from surveys.services.surveys import CLOSES_IN_PAST_MESSAGE, UNKNOWN_ROLES_MESSAGE
from surveys.validators import CONTROL_CHARACTER_MESSAGE
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.api import ApiCaller, caller_for

V1 = "/api/v1"


@pytest.fixture
def api(alice: User) -> ApiCaller:
    return caller_for(alice)


@pytest.fixture
def survey(alice: User) -> Survey:
    return make_survey(alice.memberships.get().organization, roles=["data_scientist", "engineer"])


def test_it_creates_a_survey_as_the_next_round_of_its_team(api: ApiCaller) -> None:
    first = api.post(f"{V1}/surveys/", {"title": "Q1", "team": "Search", "roles": ["engineer"]})
    second = api.post(f"{V1}/surveys/", {"title": "Q2", "team": "search"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["team"] == second.json()["team"]
    assert [first.json()["round_number"], second.json()["round_number"]] == [1, 2]
    assert first.json()["roles"] == ["engineer"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "Q", "roles": ["chef"]}, UNKNOWN_ROLES_MESSAGE.split(":")[0]),
        ({"title": "Q\nmore"}, CONTROL_CHARACTER_MESSAGE.format(field="The title")),
        ({"title": "Q", "closes_on": "2001-01-01"}, CLOSES_IN_PAST_MESSAGE),
        ({"title": "Q", "anonymity_threshold": 2}, "Ensure this value is greater than or equal to 3."),
        ({"title": "Q", "closes_on": "tomorrow"}, "Date has wrong format."),
        ({"roles": ["engineer"]}, "This field is required."),
        ({"title": ["Q"]}, "Not a valid string."),
    ],
)
def test_it_refuses_a_bad_survey_with_the_browsers_sentence(api: ApiCaller, body: object, message: str) -> None:
    response = api.post(f"{V1}/surveys/", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["detail"]
    assert not Survey.objects.exists()


def test_it_asks_a_lead_of_several_organizations_to_name_one(alice: User, api: ApiCaller) -> None:
    other = Organization.objects.create(name="Initech")
    Membership.objects.create(organization=other, user=alice, role=Membership.Role.LEAD)
    response = api.post(f"{V1}/surveys/", {"title": "Q"})
    assert (response.status_code, response.json()["detail"]) == (400, ORGANIZATION_NEEDED_MESSAGE)
    assert api.post(f"{V1}/surveys/", {"title": "Q", "organization": other.pk}).json()["organization"] == other.pk


def test_it_filters_surveys_by_team_and_status_and_pages_with_a_cursor(api: ApiCaller, alice: User) -> None:
    acme = alice.memberships.get().organization
    surveys = [make_survey(acme, title=f"S{number}", team="A" if number % 2 else "B") for number in range(5)]
    Survey.objects.filter(pk=surveys[1].pk).update(status=Survey.Status.CLOSED)
    team_a = surveys[1].team_id
    titles = [row["title"] for row in api.get(f"{V1}/surveys/", team=team_a).json()["results"]]
    assert titles == ["S3", "S1"]
    assert [row["title"] for row in api.get(f"{V1}/surveys/", status="closed").json()["results"]] == ["S1"]
    page = api.get(f"{V1}/surveys/", page_size=2).json()
    seen = [row["title"] for row in page["results"]]
    while page["next"]:
        page = api.client.get(page["next"], headers=api.headers).json()
        seen += [row["title"] for row in page["results"]]
    assert seen == ["S4", "S3", "S2", "S1", "S0"]


@pytest.mark.parametrize("query", [{"team": "x"}, {"status": "done"}, {"team": "9" * 40}, {"cursor": "nonsense"}])
def test_it_refuses_a_bad_filter(api: ApiCaller, survey: Survey, query: dict[str, str]) -> None:
    assert api.get(f"{V1}/surveys/", **query).status_code in (400, 404)


def test_it_lists_invitations_without_whether_anyone_opened_or_answered(api: ApiCaller, survey: Survey) -> None:
    created = api.post(f"{V1}/surveys/{survey.pk}/invitations/", {"role": "engineer", "emails": ["ana@example.com"]})
    assert created.status_code == 201
    assert created.json()["invitations"][0]["link"].startswith("http")
    Invitation.objects.update(opened=True, submitted=True)
    listed = api.get(f"{V1}/surveys/{survey.pk}/invitations/").json()["results"]
    assert [row["email"] for row in listed] == ["ana@example.com"]
    assert not {"opened", "submitted"} & set(listed[0])
    assert "opened" not in api.get(f"{V1}/surveys/{survey.pk}/invitations/").content.decode()
    assert OutgoingEmail.objects.filter(to="ana@example.com").exists()


def test_it_makes_links_without_an_address_and_an_open_link(api: ApiCaller, survey: Survey) -> None:
    links = api.post(f"{V1}/surveys/{survey.pk}/invitations/", {"role": "engineer", "links": 3}).json()
    assert len({row["link"] for row in links["invitations"]}) == 3
    opened = api.post(f"{V1}/surveys/{survey.pk}/open-links/", {"roles": ["engineer", "data_scientist"]})
    assert opened.json()["roles"] == ["data_scientist", "engineer"]
    assert opened.json()["kind"] == "open"


def test_it_serves_published_results_never_live_ones(api: ApiCaller, survey: Survey) -> None:
    missing = api.get(f"{V1}/surveys/{survey.pk}/results/")
    assert (missing.status_code, missing.json()["detail"]) == (404, NOTHING_PUBLISHED_MESSAGE)
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    assert api.post(f"{V1}/surveys/{survey.pk}/publish/").status_code == 201
    published = published_latest(survey=survey)
    assert published is not None
    expected = published_scores_document(survey=survey, results=published_results_of(published))
    answers_random(survey, per_role={"engineer": 1}, seed=2)
    response = api.get(f"{V1}/surveys/{survey.pk}/results/")
    assert response.json() == expected
    assert response["Faultline-Results-Sequence"] == "1"
    assert response.json()["roles"]["engineer"]["submitted"] == 3


def test_it_answers_409_with_the_guards_sentence(api: ApiCaller, survey: Survey) -> None:
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    api.post(f"{V1}/surveys/{survey.pk}/publish/")
    answers_random(survey, per_role={"engineer": 1}, seed=3)
    refused = api.post(f"{V1}/surveys/{survey.pk}/publish/")
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("Engineers: 1 response changed since the last results")
    assert PublishedResults.objects.count() == 1


def test_it_closes_publishes_reopens_and_starts_the_next_round(api: ApiCaller, survey: Survey) -> None:
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    closed = api.post(f"{V1}/surveys/{survey.pk}/close/")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert PublishedResults.objects.get().at_closing
    assert api.post(f"{V1}/surveys/{survey.pk}/close/").status_code == 400
    later = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    reopened = api.post(f"{V1}/surveys/{survey.pk}/reopen/", {"closes_on": later})
    assert (reopened.json()["status"], reopened.json()["closes_on"]) == ("open", later)
    nxt = api.post(f"{V1}/surveys/{survey.pk}/next-round/", {})
    assert (nxt.status_code, nxt.json()["round_number"], nxt.json()["team"]) == (201, 2, survey.team_id)


def test_it_shows_participation_per_role_only(api: ApiCaller, survey: Survey) -> None:
    api.post(f"{V1}/surveys/{survey.pk}/invitations/", {"role": "engineer", "links": 2})
    answers_random(survey, per_role={"engineer": 1})
    roles = api.get(f"{V1}/surveys/{survey.pk}/participation/").json()["roles"]
    assert [(row["role"], row["invited"], row["submitted"]) for row in roles] == [
        ("data_scientist", None, 0),
        ("engineer", 2, 1),
    ]


def test_it_lets_a_viewer_read_results_but_not_the_survey(victor: User, survey: Survey) -> None:
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    viewer = caller_for(victor)
    assert viewer.get(f"{V1}/surveys/{survey.pk}/results/").status_code == 404
    results_publish(survey=survey)
    listed = viewer.get(f"{V1}/results/").json()["results"]
    assert [(row["survey"], row["sequence"]) for row in listed] == [(survey.pk, 1)]
    assert viewer.get(f"{V1}/surveys/{survey.pk}/results/").status_code == 200
    assert viewer.get(f"{V1}/surveys/{survey.pk}/").status_code == 404


def test_it_serves_the_change_since_the_last_round_from_published_results(
    api: ApiCaller, survey: Survey, victor: User, charlie: User
) -> None:
    answers_random(survey, per_role={"data_scientist": 3, "engineer": 3})
    api.post(f"{V1}/surveys/{survey.pk}/close/")
    first = api.get(f"{V1}/surveys/{survey.pk}/changes/")
    assert first.status_code == 404
    assert "first round" in first.json()["detail"].lower()
    second = Survey.objects.get(pk=api.post(f"{V1}/surveys/{survey.pk}/next-round/", {}).json()["id"])
    answers_random(second, per_role={"data_scientist": 3, "engineer": 3}, seed=5)
    api.post(f"{V1}/surveys/{second.pk}/publish/")
    change = api.get(f"{V1}/surveys/{second.pk}/changes/").json()
    assert (change["survey"], change["previous"]) == (second.pk, survey.pk)
    assert change["failure_modes"]
    assert caller_for(victor).get(f"{V1}/surveys/{second.pk}/changes/").json() == change
    assert caller_for(charlie).get(f"{V1}/surveys/{second.pk}/changes/").status_code == 404


def test_the_written_out_survey_matches_its_described_fields(api: ApiCaller, survey: Survey) -> None:
    described = serializers.ModelSerializer.to_representation(SurveySerializer(), survey)
    assert api.get(f"{V1}/surveys/{survey.pk}/").json() == dict(described)


def test_it_edits_a_survey_as_the_edit_page_does(api: ApiCaller, survey: Survey) -> None:
    edited = api.patch(f"{V1}/surveys/{survey.pk}/", {"title": "Renamed", "roles": ["engineer"]})
    assert (edited.status_code, edited.json()["title"], edited.json()["roles"]) == (200, "Renamed", ["engineer"])
    answers_random(survey, per_role={"engineer": 1})
    locked = api.patch(f"{V1}/surveys/{survey.pk}/", {"anonymity_threshold": 5})
    assert (locked.status_code, locked.json()["detail"]) == (400, SETTINGS_LOCKED_MESSAGE)
    assert Survey.objects.get(pk=survey.pk).anonymity_threshold == 3


def test_it_duplicates_and_deletes_only_with_the_title_typed(api: ApiCaller, survey: Survey) -> None:
    copy = api.post(f"{V1}/surveys/{survey.pk}/duplicate/", {"title": "Copy", "team": "Other"}).json()
    assert (copy["title"], copy["round_number"]) == ("Copy", 1)
    refused = api.post(f"{V1}/surveys/{survey.pk}/delete/", {"confirmation": "nope"})
    assert (refused.status_code, refused.json()["detail"]) == (400, DELETE_CONFIRMATION_MESSAGE)
    assert api.post(f"{V1}/surveys/{survey.pk}/delete/", {"confirmation": survey.title}).status_code == 204
    assert not Survey.objects.filter(pk=survey.pk).exists()


def test_it_labels_links_and_lists_the_label(api: ApiCaller, survey: Survey) -> None:
    api.post(f"{V1}/surveys/{survey.pk}/invitations/", {"role": "engineer", "links": 1, "label": "Slack #ml"})
    assert api.get(f"{V1}/surveys/{survey.pk}/invitations/").json()["results"][0]["label"] == "Slack #ml"
