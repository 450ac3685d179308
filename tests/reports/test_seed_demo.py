"""seed_demo: a demo whose scores make sense, and a refusal to touch a database with data."""

from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings as SettingsWrapper

from reports.exports import survey_scores_document
from reports.management.commands.seed_demo import CREDENTIALS_FILE, LEFT_ALONE_MESSAGE, NOT_EMPTY_MESSAGE
from reports.models import Action
from reports.publishing import published_latest, published_results_of
from reports.results import results_live
from reports.scoring import HIGH, LOW
from surveys.models import BankQuestion, Invitation, Membership, Organization, QuestionBank, Response, Survey
from surveys.services.demo import COMMENTS, HEADCOUNT, LEAD_USERNAME, VIEWER_USERNAME
from tests.support.commands import run_command


@pytest.fixture
def demo_settings(settings: SettingsWrapper, tmp_path: Path) -> SettingsWrapper:
    settings.VAR_DIR = tmp_path
    return settings


@pytest.fixture
def output(db: None, demo_settings: SettingsWrapper) -> str:
    return run_command("seed_demo")


def test_it_creates_the_demo_organization_and_its_two_accounts(output: str) -> None:
    organization = Organization.objects.get()

    assert organization.name == "Acme Analytics"
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {LEAD_USERNAME: Membership.Role.OWNER, VIEWER_USERNAME: Membership.Role.VIEWER}


def test_it_prints_passwords_that_work(output: str) -> None:
    for username in (LEAD_USERNAME, VIEWER_USERNAME):
        line = next(line for line in output.splitlines() if f" as {username} with password " in line)
        password = line.split(" with password ")[1].split(" ")[0]
        assert authenticate(username=username, password=password) is not None


def test_it_writes_the_lead_credentials_to_the_var_dir(output: str, demo_settings: SettingsWrapper) -> None:
    first_line = (demo_settings.VAR_DIR / CREDENTIALS_FILE).read_text().splitlines()[0]

    assert first_line.startswith(f"Log in at {demo_settings.SITE_URL}/ as {LEAD_USERNAME} with password ")
    assert first_line in output


def test_it_invites_each_role_and_submits_answers_through_some_links(output: str) -> None:
    survey = Survey.objects.get(round_number=2)

    for role, (invited, submitted) in HEADCOUNT.items():
        invitations = Invitation.objects.filter(survey=survey, roles=[role])
        assert invitations.count() == invited
        assert invitations.filter(submitted=True).count() == submitted
        assert Response.objects.filter(survey=survey, role=role, status=Response.Status.SUBMITTED).count() == submitted


def test_it_prints_an_unused_personal_link_per_role(output: str, demo_settings: SettingsWrapper) -> None:
    links = [line.split(": ", 1)[1] for line in output.splitlines() if line.startswith("  ")]

    assert len(links) == 3
    assert all(link.startswith(f"{demo_settings.SITE_URL}/") for link in links)


def test_it_seeds_scores_that_make_sense(output: str) -> None:
    document = survey_scores_document(survey=Survey.objects.get(round_number=2))

    assert document["roles"]["product_manager"]["reportable"] is False
    modes = document["failure_modes"]
    assert all("product_manager" not in mode["roles"] for mode in modes)
    assert {mode["level"] for mode in modes} >= {LOW, HIGH}
    misaligned = [mode["key"] for mode in modes if mode["misaligned"]]
    assert "production_backlog" in misaligned
    harms = next(mode for mode in modes if mode["key"] == "unexamined_harms")
    assert harms["roles"]["engineer"]["dont_know_rate"] > harms["roles"]["data_scientist"]["dont_know_rate"]


def test_it_publishes_the_demo_s_results_so_that_its_scores_show_at_once(output: str) -> None:
    published = published_latest(survey=Survey.objects.get(round_number=2))
    assert published is not None
    assert published_results_of(published).scores == results_live(survey=Survey.objects.get(round_number=2)).scores


def test_it_answers_the_newest_bank_version(output: str) -> None:
    survey = Survey.objects.get(round_number=2)
    likert = BankQuestion.objects.filter(bank=survey.bank, kind=BankQuestion.Kind.LIKERT)

    assert survey.bank == QuestionBank.objects.order_by("-version").first()
    # The two product managers answer "Don't know" to some statements; the others answer them all.
    answered = {key for response in Response.objects.filter(survey=survey) for key in response.likert}
    assert answered <= set(likert.values_list("key", flat=True))
    assert answered >= set(likert.exclude(role="product_manager").values_list("key", flat=True))


def test_its_comments_answer_free_text_questions_of_the_bank(output: str) -> None:
    bank = Survey.objects.get(round_number=2).bank
    text_keys = set(bank.questions.filter(kind=BankQuestion.Kind.TEXT).values_list("key", flat=True))

    assert set(COMMENTS) <= text_keys


def test_it_writes_a_few_comments(output: str) -> None:
    commented = [response.text for response in Response.objects.all() if response.text]

    assert 3 <= len(commented) < Response.objects.count()


def test_it_refuses_a_database_that_holds_data(alice: User, demo_settings: SettingsWrapper) -> None:
    with pytest.raises(CommandError) as caught:
        run_command("seed_demo")

    assert str(caught.value) == NOT_EMPTY_MESSAGE
    assert not Survey.objects.exists()


def test_it_refuses_a_database_with_only_a_user(db: None, demo_settings: SettingsWrapper) -> None:
    User.objects.create_superuser("root", "root@example.com", "x")

    with pytest.raises(CommandError):
        run_command("seed_demo")


def test_it_leaves_a_database_with_data_alone_when_asked_to_seed_only_an_empty_one(
    alice: User, demo_settings: SettingsWrapper
) -> None:
    assert run_command("seed_demo", "--if-empty") == LEFT_ALONE_MESSAGE + "\n"
    assert Organization.objects.count() == 1


def test_it_seeds_a_team_with_a_closed_published_first_round_and_an_open_second(output: str) -> None:
    first, second = Survey.objects.get(round_number=1), Survey.objects.get(round_number=2)

    assert first.team == second.team
    assert (first.is_open, second.is_open) == (False, True)
    assert published_latest(survey=first) is not None
    assert first.created_at < second.created_at
    assert second.roles == first.roles
    assert f"(id {first.pk}), closed and published" in output


def test_it_records_the_team_s_actions_on_both_rounds(output: str) -> None:
    first, second = Survey.objects.get(round_number=1), Survey.objects.get(round_number=2)

    statuses = dict(Action.objects.filter(survey=first).values_list("mode", "status"))
    assert statuses == {
        "production_backlog": Action.Status.DONE,
        "data_disconnect": Action.Status.DOING,
        "unmonitored_change": Action.Status.PLANNED,
    }
    assert list(Action.objects.filter(survey=second).values_list("mode", flat=True)) == ["pipeline_jungle"]
    assert not Action.objects.filter(owner_email__gt="").exists()
