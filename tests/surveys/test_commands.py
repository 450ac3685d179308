"""create_survey, export_questionnaire and import_responses, as commands.md describes them."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError

from surveys.management.arguments import NO_SURVEY_MESSAGE, SURVEY_ID_MESSAGE
from surveys.management.commands.create_survey import NO_USER_MESSAGE, VIEWER_MESSAGE
from surveys.management.commands.import_responses import NO_FILE_MESSAGE, NOT_UTF8_MESSAGE
from surveys.models import BankQuestion, Membership, Organization, Response, Survey
from surveys.question_bank import bank_current
from surveys.services.imports import (
    CELL_COUNT_MESSAGE,
    EMPTY_FILE_MESSAGE,
    LIKERT_VALUE_MESSAGE,
    MISSING_ROLE_COLUMN_MESSAGE,
    OTHER_ROLE_MESSAGE,
    TEXT_LENGTH_MESSAGE,
    UNKNOWN_QUESTION_MESSAGE,
    UNKNOWN_ROLE_MESSAGE,
)
from surveys.services.surveys import THRESHOLD_MESSAGE, TITLE_FIELD, UNKNOWN_ROLES_MESSAGE
from surveys.validators import CONTROL_CHARACTER_MESSAGE, MAX_LINE_LENGTH, TOO_LONG_MESSAGE
from tests.factories import make_survey
from tests.support.commands import run_command

DS, ENG, PM = "data_scientist", "engineer", "product_manager"


def _fails(message: str, *args: str) -> None:
    with pytest.raises(CommandError) as caught:
        run_command(*args)
    assert str(caught.value) == message


# --- create_survey --------------------------------------------------------------------------


def test_it_creates_a_survey_and_prints_its_id_alone_on_the_last_line(alice: User, acme: Organization) -> None:
    output = run_command("create_survey", "--title", "Churn model", "--lead", "alice")

    survey = Survey.objects.get()
    assert output.splitlines()[-1] == str(survey.pk)
    assert (survey.title, survey.organization, survey.created_by) == ("Churn model", acme, alice)
    assert survey.roles == [DS, ENG, PM]
    assert survey.anonymity_threshold == 3


def test_it_creates_the_survey_from_the_newest_bank_version(alice: User) -> None:
    run_command("create_survey", "--title", "Churn model", "--lead", "alice")

    assert Survey.objects.get().bank.version == bank_current().version == 2


def test_it_creates_a_survey_with_the_roles_and_threshold_given(alice: User) -> None:
    run_command("create_survey", "--title", "T", "--lead", "alice", "--roles", "product_manager, data_scientist")
    run_command("create_survey", "--title", "U", "--lead", "alice", "--anonymity-threshold", "7")

    assert Survey.objects.get(title="T").roles == [DS, PM]
    assert Survey.objects.get(title="U").anonymity_threshold == 7


def test_it_gives_a_user_without_an_organization_one_of_their_own(db: None) -> None:
    admin = User.objects.create_superuser("root", "root@example.com", "x")

    run_command("create_survey", "--title", "T", "--lead", "root")

    membership = Membership.objects.get(user=admin)
    assert membership.role == Membership.Role.OWNER
    assert Survey.objects.get().organization == membership.organization


def test_it_refuses_an_unknown_lead(db: None) -> None:
    _fails(NO_USER_MESSAGE.format(username="nobody"), "create_survey", "--title", "T", "--lead", "nobody")


def test_it_refuses_a_viewer_as_lead(victor: User) -> None:
    _fails(VIEWER_MESSAGE.format(username="victor"), "create_survey", "--title", "T", "--lead", "victor")


def test_it_refuses_unknown_roles(alice: User) -> None:
    message = UNKNOWN_ROLES_MESSAGE.format(roles="astronaut", known=f"{DS}, {ENG}, {PM}")
    _fails(message, "create_survey", "--title", "T", "--lead", "alice", "--roles", "engineer,astronaut")
    assert not Survey.objects.exists()


@pytest.mark.parametrize("threshold", ["2", "51", "three", "3.5"])
def test_it_refuses_a_bad_threshold(alice: User, threshold: str) -> None:
    _fails(THRESHOLD_MESSAGE, "create_survey", "--title", "T", "--lead", "alice", "--anonymity-threshold", threshold)


def test_it_refuses_a_title_with_a_line_break(alice: User) -> None:
    _fails(CONTROL_CHARACTER_MESSAGE.format(field=TITLE_FIELD), "create_survey", "--title", "A\nB", "--lead", "alice")
    assert not Survey.objects.exists()


def test_it_refuses_a_title_longer_than_the_column(alice: User) -> None:
    title = "x" * (MAX_LINE_LENGTH + 1)
    message = TOO_LONG_MESSAGE.format(field=TITLE_FIELD, limit=MAX_LINE_LENGTH, length=MAX_LINE_LENGTH + 1)
    _fails(message, "create_survey", "--title", title, "--lead", "alice")
    assert not Survey.objects.exists()


def test_it_leaves_no_organization_behind_when_the_survey_is_refused(db: None) -> None:
    User.objects.create_user("fresh")

    with pytest.raises(CommandError):
        run_command("create_survey", "--title", "T", "--lead", "fresh", "--roles", "astronaut")

    assert not Organization.objects.exists()


# --- export_questionnaire -------------------------------------------------------------------


def test_it_exports_the_questionnaire_with_the_keys_of_the_contract(acme: Organization) -> None:
    survey = make_survey(acme, roles=[DS, PM])

    document = json.loads(run_command("export_questionnaire", str(survey.pk)))

    assert set(document) == {"survey", "roles", "failure_modes", "questions"}
    assert (document["survey"], document["roles"]) == (survey.pk, [DS, PM])
    assert set(document["failure_modes"][0]) == {"key", "title", "category"}
    assert all(set(q) == {"key", "role", "mode", "kind", "polarity", "text"} for q in document["questions"])


def test_it_exports_only_the_questions_of_the_surveys_roles_in_bank_order(acme: Organization) -> None:
    survey = make_survey(acme, roles=[DS, PM])

    questions = json.loads(run_command("export_questionnaire", str(survey.pk)))["questions"]

    expected = BankQuestion.objects.filter(bank=survey.bank, role__in=[DS, PM]).order_by("position")
    assert [q["key"] for q in questions] == list(expected.values_list("key", flat=True))


def test_it_exports_a_polarity_for_likert_questions_and_null_for_text_ones(acme: Organization) -> None:
    survey = make_survey(acme)

    questions = json.loads(run_command("export_questionnaire", str(survey.pk)))["questions"]

    assert {q["polarity"] for q in questions if q["kind"] == "likert"} == {"positive", "negative"}
    assert {q["polarity"] for q in questions if q["kind"] == "text"} == {None}


def test_it_refuses_to_export_the_questionnaire_of_an_unknown_survey(db: None) -> None:
    _fails(NO_SURVEY_MESSAGE.format(pk=42), "export_questionnaire", "42")


def test_it_refuses_a_survey_id_that_is_not_a_number(db: None) -> None:
    _fails(SURVEY_ID_MESSAGE.format(value="churn"), "export_questionnaire", "churn")


# --- import_responses -----------------------------------------------------------------------


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def _csv(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "responses.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_it_imports_responses_and_says_how_many(survey: Survey, tmp_path: Path) -> None:
    path = _csv(tmp_path, "role,shelfware_sponsor_ds,shelfware_sponsor_eng", f"{DS},4,", f"{ENG},,2")

    output = run_command("import_responses", str(survey.pk), path)

    assert output == f"Added 2 responses to the survey “{survey.title}”.\n"
    assert Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count() == 2


def test_it_imports_nothing_and_names_the_row_and_column_of_a_bad_cell(survey: Survey, tmp_path: Path) -> None:
    path = _csv(tmp_path, "role,shelfware_sponsor_ds", f"{DS},4", f"{DS},agree")

    message = LIKERT_VALUE_MESSAGE.format(row=3, column=2, key="shelfware_sponsor_ds", value="“agree”")
    _fails(message, "import_responses", str(survey.pk), path)
    assert not Response.objects.exists()


def test_it_refuses_to_import_into_an_unknown_survey(db: None, tmp_path: Path) -> None:
    _fails(NO_SURVEY_MESSAGE.format(pk=42), "import_responses", "42", _csv(tmp_path, "role", DS))


def test_it_refuses_a_missing_file(survey: Survey, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    _fails(NO_FILE_MESSAGE.format(path=path), "import_responses", str(survey.pk), str(path))


def test_it_refuses_a_file_that_is_not_utf8(survey: Survey, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("role,ds_text_reach_users\ndata_scientist,Très bien\n".encode("latin-1"))

    _fails(NOT_UTF8_MESSAGE.format(path=path), "import_responses", str(survey.pk), str(path))


HEADER = "role,shelfware_sponsor_ds,ds_text_reach_users,shelfware_sponsor_eng"
GOOD_ROW = f"{DS},4,,"
ALL_ROLES = f"{DS}, {ENG}, {PM}"
BAD_FILES = {
    "unknown role": (
        ["astronaut,4,,"],
        UNKNOWN_ROLE_MESSAGE.format(row=3, column=1, value="“astronaut”", roles=ALL_ROLES),
    ),
    "unknown question key": (
        None,
        UNKNOWN_QUESTION_MESSAGE.format(row=1, column=2, name="“made_up”"),
    ),
    "value 0": (
        [f"{DS},0,,"],
        LIKERT_VALUE_MESSAGE.format(row=3, column=2, key="shelfware_sponsor_ds", value="“0”"),
    ),
    "value 6": (
        [f"{DS},6,,"],
        LIKERT_VALUE_MESSAGE.format(row=3, column=2, key="shelfware_sponsor_ds", value="“6”"),
    ),
    "value 2.5": (
        [f"{DS},2.5,,"],
        LIKERT_VALUE_MESSAGE.format(row=3, column=2, key="shelfware_sponsor_ds", value="“2.5”"),
    ),
    "value agree": (
        [f"{DS},agree,,"],
        LIKERT_VALUE_MESSAGE.format(row=3, column=2, key="shelfware_sponsor_ds", value="“agree”"),
    ),
    "another role's question": (
        [f"{DS},4,,5"],
        OTHER_ROLE_MESSAGE.format(row=3, column=4, key="shelfware_sponsor_eng", question_role=ENG, role=DS),
    ),
    "a text over 5,000 characters": (
        [f"{DS},4,{'x' * 5001},"],
        TEXT_LENGTH_MESSAGE.format(row=3, column=3, key="ds_text_reach_users", length="5,001"),
    ),
    "a short row": ([f"{DS},4"], CELL_COUNT_MESSAGE.format(row=3, count=2, expected=4)),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_it_imports_nothing_from_a_file_whose_second_row_is_bad(survey: Survey, tmp_path: Path, case: str) -> None:
    bad_rows, message = BAD_FILES[case]
    lines = [HEADER, GOOD_ROW, *bad_rows] if bad_rows is not None else ["role,made_up", f"{DS},4"]

    _fails(message, "import_responses", str(survey.pk), _csv(tmp_path, *lines))
    assert not Response.objects.exists()


def test_it_imports_nothing_from_a_file_without_a_role_column(survey: Survey, tmp_path: Path) -> None:
    path = _csv(tmp_path, "shelfware_sponsor_ds", "4")

    _fails(MISSING_ROLE_COLUMN_MESSAGE.format(row=1), "import_responses", str(survey.pk), path)


def test_it_imports_nothing_from_an_empty_file(survey: Survey, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")

    _fails(EMPTY_FILE_MESSAGE, "import_responses", str(survey.pk), str(path))
