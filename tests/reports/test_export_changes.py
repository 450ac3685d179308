"""export_changes (commands.md), in process and as a real `python manage.py` process."""

import json

import pytest
from django.core.management.base import CommandError

from reports.changes import round_change
from reports.selectors import survey_answers, survey_round
from surveys.management.arguments import NO_SURVEY_MESSAGE, SURVEY_ID_MESSAGE
from surveys.models import BankQuestion, Organization, Survey
from tests.factories import make_survey
from tests.support.answers import answers_at_risk, make_responses
from tests.support.commands import run_command, run_manage_py

pytestmark = pytest.mark.django_db

SCIENTIST, ENGINEER, MANAGER = "data_scientist", "engineer", "product_manager"


@pytest.fixture
def round_1(acme: Organization) -> Survey:
    survey = make_survey(acme, title="Round 1")
    answers_at_risk(survey, SCIENTIST, 3, risk_value=1)
    answers_at_risk(survey, ENGINEER, 3, risk_value=1)
    return survey


@pytest.fixture
def round_2(acme: Organization, round_1: Survey) -> Survey:
    survey = make_survey(acme, title="Round 2")
    answers_at_risk(survey, SCIENTIST, 3, risk_value=5)
    answers_at_risk(survey, ENGINEER, 2, risk_value=5)
    return survey


def test_a_first_round_has_no_previous_round_and_no_modes(round_1: Survey) -> None:
    output = run_command("export_changes", str(round_1.pk))

    assert json.loads(output) == {"survey": round_1.pk, "previous": None, "failure_modes": []}


def test_it_prints_each_modes_change_for_the_roles_shown_in_both_rounds(round_1: Survey, round_2: Survey) -> None:
    document = json.loads(run_command("export_changes", str(round_2.pk)))

    statements = BankQuestion.objects.filter(bank=round_2.bank, kind="likert")
    modes = list(round_2.bank.modes.order_by("position").values_list("key", flat=True))
    assert (document["survey"], document["previous"]) == (round_2.pk, round_1.pk)
    assert [mode["key"] for mode in document["failure_modes"]] == modes
    for mode in document["failure_modes"]:
        # Every role's statements are shared; the two engineers of round 2 are below k, so
        # only the data scientists compare: every answer went from the worst risk to none.
        assert mode["shared_items"] == statements.filter(mode=mode["key"]).count()
        assert mode["overall_change"] == -1.0
        assert mode["roles"] == {SCIENTIST: {"change": -1.0, "change_ci95": [-1.0, -1.0], "credible": True}}


def test_it_reads_current_answers_at_full_precision(round_1: Survey, round_2: Survey) -> None:
    make_responses(round_1, SCIENTIST, 4, seed=3)
    make_responses(round_2, SCIENTIST, 5, seed=4)

    document = json.loads(run_command("export_changes", str(round_2.pk)))

    then = survey_round(survey=round_1, answers=survey_answers(survey=round_1))
    change = round_change(then, survey_round(survey=round_2, answers=survey_answers(survey=round_2)))
    for entry, mode in zip(document["failure_modes"], change.modes, strict=True):
        figures = mode.roles[SCIENTIST]
        assert entry["roles"][SCIENTIST]["change"] == float(figures.change_exact)
        assert entry["roles"][SCIENTIST]["change_ci95"] == list(figures.change_ci95)
        assert entry["overall_change"] == mode.overall_change


def test_it_refuses_an_unknown_survey(db: None) -> None:
    with pytest.raises(CommandError) as caught:
        run_command("export_changes", "42")

    assert str(caught.value) == NO_SURVEY_MESSAGE.format(pk=42)


def test_it_refuses_an_id_that_is_not_a_number(db: None) -> None:
    with pytest.raises(CommandError) as caught:
        run_command("export_changes", "round-2")

    assert str(caught.value) == SURVEY_ID_MESSAGE.format(value="round-2")


@pytest.mark.process
def test_it_exits_with_an_error_and_one_sentence_on_stderr_as_a_process(transactional_db: None) -> None:
    result = run_manage_py("export_changes", "424242")

    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr == f"CommandError: {NO_SURVEY_MESSAGE.format(pk=424242)}\n"


@pytest.mark.process
def test_it_exits_with_zero_and_prints_json_as_a_process(transactional_db: None, acme: Organization) -> None:
    survey = make_survey(acme)

    result = run_manage_py("export_changes", str(survey.pk))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"survey": survey.pk, "previous": None, "failure_modes": []}
