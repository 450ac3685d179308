"""Teams and rounds: create_survey --team, the next round (service and command), the migration."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import RestrictedError
from django.utils import timezone

from surveys.management.arguments import NO_SURVEY_MESSAGE, SURVEY_ID_MESSAGE
from surveys.models import Invitation, Organization, Survey, Team
from surveys.selectors.teams import round_invited_rows, round_previous
from surveys.services.invitations import invitation_revoke, invitations_create_personal
from surveys.services.rounds import round_title, survey_next_round
from surveys.services.surveys import survey_create
from surveys.services.teams import TEAM_NAME_TAKEN_MESSAGE, team_for_name, team_update
from tests.factories import make_survey
from tests.support.commands import run_command

DS, ENG, PM = "data_scientist", "engineer", "product_manager"


def test_a_survey_is_the_next_round_of_the_team_it_names(acme: Organization) -> None:
    first = make_survey(acme, team="Growth ML")
    second = make_survey(acme, team="  growth ml ")

    assert first.team == second.team
    assert (first.round_number, second.round_number) == (1, 2)
    assert Team.objects.count() == 1


def test_a_survey_without_a_team_joins_the_team_named_after_its_organization(acme: Organization) -> None:
    survey = make_survey(acme, team="")

    assert survey.team.name == acme.name


def test_teams_of_two_organizations_are_apart(acme: Organization, globex: Organization) -> None:
    ours, theirs = make_survey(acme, team="Growth ML"), make_survey(globex, team="Growth ML")

    assert ours.team != theirs.team
    assert (ours.round_number, theirs.round_number) == (1, 1)


def test_the_previous_round_is_the_team_s_round_before(acme: Organization) -> None:
    first, second = make_survey(acme, team="A"), make_survey(acme, team="A")
    make_survey(acme, team="B")

    assert round_previous(survey=second) == first
    assert round_previous(survey=first) is None


def test_the_next_round_copies_roles_threshold_description_and_closing_length(acme: Organization) -> None:
    closes_on = timezone.localdate() + datetime.timedelta(days=14)
    survey = survey_create(
        organization=acme,
        created_by=None,
        title="Churn model",
        team="Growth ML",
        description="Why we ask.",
        closes_on=closes_on,
        roles=[DS, PM],
        anonymity_threshold=5,
    )

    following = survey_next_round(survey=survey, created_by=None)

    assert (following.team, following.round_number) == (survey.team, 2)
    assert (following.roles, following.anonymity_threshold) == ([DS, PM], 5)
    assert following.description == "Why we ask."
    assert following.closes_on == closes_on
    assert following.title == "Churn model (round 2)"
    assert following.status == Survey.Status.OPEN


def test_the_next_round_invites_nobody(acme: Organization) -> None:
    survey = make_survey(acme)
    invitations_create_personal(survey=survey, role=DS, emails=["ada@example.com"])

    following = survey_next_round(survey=survey, created_by=None)

    assert not following.invitations.exists()


def test_the_next_round_without_a_closing_date_has_none(acme: Organization) -> None:
    following = survey_next_round(survey=make_survey(acme), created_by=None)

    assert following.closes_on is None


def test_round_titles_replace_the_earlier_round_number() -> None:
    assert round_title("Churn model", number=2) == "Churn model (round 2)"
    assert round_title("Churn model (round 2)", number=3) == "Churn model (round 3)"
    assert len(round_title("x" * 200, number=12)) == 200


def test_the_invited_rows_are_live_personal_invitations_with_an_address(acme: Organization) -> None:
    survey = make_survey(acme)
    invitations_create_personal(survey=survey, role=DS, emails=["ada@example.com"])
    invitations_create_personal(survey=survey, role=PM, emails=["pat@example.com", "gone@example.com"])
    invitations_create_personal(survey=survey, role=ENG, count=2)
    invitation_revoke(invitation=Invitation.objects.get(email="gone@example.com"))

    assert round_invited_rows(survey=survey) == [("ada@example.com", DS), ("pat@example.com", PM)]


def test_a_team_cannot_take_another_team_s_name(acme: Organization) -> None:
    team_for_name(organization=acme, name="Growth ML")
    other = team_for_name(organization=acme, name="Risk")

    with pytest.raises(ValidationError) as caught:
        team_update(team=other, name="GROWTH ML", description="")

    assert caught.value.messages == [TEAM_NAME_TAKEN_MESSAGE.format(name="GROWTH ML")]
    other.refresh_from_db()
    assert other.name == "Risk"


# --- commands --------------------------------------------------------------------------------


def test_create_survey_takes_the_team(alice: User) -> None:
    run_command("create_survey", "--title", "T", "--lead", "alice", "--team", "Growth ML")
    output = run_command("create_survey", "--title", "U", "--lead", "alice", "--team", "Growth ML")

    survey = Survey.objects.get(pk=int(output.strip().splitlines()[-1]))
    assert (survey.team.name, survey.round_number) == ("Growth ML", 2)


def test_next_round_prints_the_new_survey_s_id_alone_on_the_last_line(acme: Organization) -> None:
    survey = make_survey(acme, roles=[DS, ENG])

    output = run_command("next_round", str(survey.pk), "--title", "Churn model, spring")

    following = Survey.objects.get(pk=int(output.strip().splitlines()[-1]))
    assert (following.team, following.round_number, following.title) == (survey.team, 2, "Churn model, spring")
    assert following.roles == [DS, ENG]
    assert not Invitation.objects.filter(survey=following).exists()


@pytest.mark.parametrize(
    ("argument", "message"),
    [("abc", SURVEY_ID_MESSAGE.format(value="abc")), ("999999", NO_SURVEY_MESSAGE.format(pk=999999))],
)
def test_next_round_refuses_a_bad_survey_id(db: None, argument: str, message: str) -> None:
    with pytest.raises(CommandError) as caught:
        run_command("next_round", argument)

    assert str(caught.value) == message
    assert not Survey.objects.exists()


def test_next_round_refuses_a_bad_title_and_creates_nothing(acme: Organization) -> None:
    survey = make_survey(acme)

    with pytest.raises(CommandError):
        run_command("next_round", str(survey.pk), "--title", "A\nB")

    assert Survey.objects.count() == 1


# --- the migration ---------------------------------------------------------------------------

BEFORE_TEAMS = [("surveys", "0010_response_open_link_key")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_teams_of_team_names_and_numbers_rounds_in_creation_order() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_TEAMS)
    apps = executor.loader.project_state(BEFORE_TEAMS).apps
    organization = apps.get_model("surveys", "Organization").objects.create(name="Acme")
    bank = apps.get_model("surveys", "QuestionBank").objects.create(name="Bank", version=99)
    old_survey = apps.get_model("surveys", "Survey")
    for title, team in [("One", "Growth"), ("Two", ""), ("Three", " growth "), ("Four", "")]:
        old_survey.objects.create(organization=organization, bank=bank, title=title, team=team, roles=[DS])

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rounds = {s.title: (s.team.name, s.round_number) for s in Survey.objects.select_related("team")}
    assert rounds == {"One": ("Growth", 1), "Three": ("Growth", 2), "Two": ("Acme", 1), "Four": ("Acme", 2)}


def test_deleting_an_organization_deletes_its_teams_and_rounds(acme: Organization) -> None:
    make_survey(acme, team="Growth ML")

    acme.delete()

    assert not Team.objects.exists()
    assert not Survey.objects.exists()


def test_a_team_with_rounds_cannot_be_deleted_alone(acme: Organization) -> None:
    survey = make_survey(acme, team="Growth ML")

    with pytest.raises(RestrictedError):
        survey.team.delete()
