"""Importing responses from CSV (commands.md `import_responses`): all or nothing."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from surveys.models import BankQuestion, Organization, Response, Survey
from surveys.services.imports import (
    CELL_COUNT_MESSAGE,
    DUPLICATE_COLUMN_MESSAGE,
    EMPTY_FILE_MESSAGE,
    LIKERT_VALUE_MESSAGE,
    MISSING_ROLE_COLUMN_MESSAGE,
    NO_LIKERT_VALUE_MESSAGE,
    NO_RESPONSES_MESSAGE,
    OTHER_ROLE_MESSAGE,
    SURVEY_CLOSED_MESSAGE,
    TEXT_LENGTH_MESSAGE,
    TEXT_NULL_CHARACTER_MESSAGE,
    UNKNOWN_QUESTION_MESSAGE,
    UNKNOWN_ROLE_MESSAGE,
    ResponseImportError,
    responses_import_csv,
)
from surveys.validators import MAX_ANSWER_LENGTH
from tests.conftest import client_for
from tests.factories import make_survey

DS, ENG = "data_scientist", "engineer"
DS_ITEM, DS_OTHER_ITEM, ENG_ITEM = "shelfware_sponsor_ds", "shelfware_production_agreed_ds", "shelfware_sponsor_eng"
DS_TEXT = "ds_text_reach_users"
PM_ITEM = "shelfware_sponsor_pm"
HEADER = f"role,{DS_ITEM},{DS_TEXT},{ENG_ITEM}"


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=[DS, ENG])


def _import(survey: Survey, *lines: str) -> int:
    return responses_import_csv(survey=survey, text="\n".join(lines) + "\n")


def _fails(survey: Survey, message: str, *lines: str) -> None:
    with pytest.raises(ResponseImportError) as caught:
        _import(survey, *lines)
    assert str(caught.value) == message
    assert not Response.objects.exists()


def test_it_adds_one_submitted_response_per_row(survey: Survey) -> None:
    added = _import(survey, HEADER, f"{DS},4,Ship it sooner,", f"{ENG},,,2")

    assert added == 2
    scientist = Response.objects.get(role=DS)
    assert scientist.likert == {DS_ITEM: 4}
    assert scientist.text == {DS_TEXT: "Ship it sooner"}
    assert scientist.status == Response.Status.SUBMITTED
    assert scientist.source == Response.Source.IMPORT


def test_it_gives_each_imported_response_its_own_respondent_key(survey: Survey) -> None:
    _import(survey, HEADER, f"{DS},4,,", f"{DS},4,,")

    assert len(set(Response.objects.values_list("respondent_key", flat=True))) == 2


def test_it_reads_the_columns_in_any_order(survey: Survey) -> None:
    _import(survey, f"{DS_ITEM},{ENG_ITEM},role", f"5,,{DS}")

    assert Response.objects.get().likert == {DS_ITEM: 5}


@pytest.mark.parametrize("cell", ["", "NA", "DK", "dk", " "])
def test_it_takes_empty_na_and_dk_as_no_answer(survey: Survey, cell: str) -> None:
    _import(survey, f"role,{DS_ITEM},{DS_OTHER_ITEM}", f"{DS},{cell},3")

    assert Response.objects.get().likert == {DS_OTHER_ITEM: 3}


@pytest.mark.parametrize("cells", [",,", "NA,Only a comment,", "DK,,"])
def test_it_refuses_a_row_without_any_likert_value_and_names_it(survey: Survey, cells: str) -> None:
    _fails(survey, NO_LIKERT_VALUE_MESSAGE.format(row=3), HEADER, f"{DS},4,,", f"{DS},{cells}")


def test_blank_rows_cannot_lift_a_small_role_over_the_threshold(survey: Survey) -> None:
    _fails(survey, NO_LIKERT_VALUE_MESSAGE.format(row=2), HEADER, *[f"{ENG},,," for _ in range(3)])


def test_it_reads_a_spreadsheets_byte_order_mark_and_quoted_lines(survey: Survey) -> None:
    _import(survey, "\ufeff" + HEADER, f'{DS},3,"Two\nlines",')

    assert Response.objects.get().text == {DS_TEXT: "Two\nlines"}


def test_it_refuses_to_import_into_a_closed_survey(survey: Survey) -> None:
    survey.status = Survey.Status.CLOSED
    survey.save()

    _fails(survey, SURVEY_CLOSED_MESSAGE.format(title=survey.title), HEADER, f"{DS},4,,")


def test_it_refuses_an_empty_file(survey: Survey) -> None:
    _fails(survey, EMPTY_FILE_MESSAGE)


def test_it_refuses_a_header_without_responses(survey: Survey) -> None:
    _fails(survey, NO_RESPONSES_MESSAGE, HEADER)


def test_it_refuses_a_header_without_a_role_column(survey: Survey) -> None:
    _fails(survey, MISSING_ROLE_COLUMN_MESSAGE.format(row=1), f"{DS_ITEM},{ENG_ITEM}", "4,")


def test_it_refuses_a_column_named_twice(survey: Survey) -> None:
    message = DUPLICATE_COLUMN_MESSAGE.format(row=1, column=3, name=f"“{DS_ITEM}”")
    _fails(survey, message, f"role,{DS_ITEM},{DS_ITEM}", f"{DS},4,4")


def test_it_refuses_an_unknown_question_key(survey: Survey) -> None:
    message = UNKNOWN_QUESTION_MESSAGE.format(row=1, column=2, name="“made_up”")
    _fails(survey, message, "role,made_up", f"{DS},4")


def test_it_refuses_a_question_of_a_role_the_survey_leaves_out(survey: Survey) -> None:
    message = UNKNOWN_QUESTION_MESSAGE.format(row=1, column=2, name=f"“{PM_ITEM}”")
    _fails(survey, message, f"role,{PM_ITEM}", f"{DS},")


def test_it_refuses_an_unknown_role(survey: Survey) -> None:
    message = UNKNOWN_ROLE_MESSAGE.format(row=2, column=1, value="“astronaut”", roles=f"{DS}, {ENG}")
    _fails(survey, message, HEADER, "astronaut,4,,")


def test_it_refuses_a_role_the_survey_leaves_out(survey: Survey) -> None:
    message = UNKNOWN_ROLE_MESSAGE.format(row=2, column=1, value="“product_manager”", roles=f"{DS}, {ENG}")
    _fails(survey, message, HEADER, "product_manager,,,")


@pytest.mark.parametrize("value", ["0", "6", "2.5", "agree"])
def test_it_refuses_a_likert_value_outside_1_to_5(survey: Survey, value: str) -> None:
    message = LIKERT_VALUE_MESSAGE.format(row=2, column=2, key=DS_ITEM, value=f"“{value}”")
    _fails(survey, message, HEADER, f"{DS},{value},,")


def test_it_refuses_a_cell_for_another_roles_question(survey: Survey) -> None:
    message = OTHER_ROLE_MESSAGE.format(row=2, column=4, key=ENG_ITEM, question_role=ENG, role=DS)
    _fails(survey, message, HEADER, f"{DS},4,,3")


def test_it_refuses_a_text_over_5000_characters(survey: Survey) -> None:
    message = TEXT_LENGTH_MESSAGE.format(row=2, column=3, key=DS_TEXT, length="5,001")
    _fails(survey, message, HEADER, f"{DS},4,{'x' * (MAX_ANSWER_LENGTH + 1)},")


def test_it_refuses_a_text_with_a_null_character(survey: Survey) -> None:
    message = TEXT_NULL_CHARACTER_MESSAGE.format(row=2, column=3, key=DS_TEXT)
    _fails(survey, message, HEADER, f"{DS},4,a\x00b,")


def test_it_takes_a_text_of_exactly_5000_characters(survey: Survey) -> None:
    _import(survey, HEADER, f"{DS},4,{'x' * MAX_ANSWER_LENGTH},")

    assert len(Response.objects.get().text[DS_TEXT]) == MAX_ANSWER_LENGTH


def test_it_refuses_a_row_with_the_wrong_number_of_cells(survey: Survey) -> None:
    _fails(survey, CELL_COUNT_MESSAGE.format(row=2, count=3, expected=4), HEADER, f"{DS},4,")


def test_it_imports_nothing_when_a_good_row_is_followed_by_a_bad_one(survey: Survey) -> None:
    message = LIKERT_VALUE_MESSAGE.format(row=3, column=2, key=DS_ITEM, value="“7”")
    _fails(survey, message, HEADER, f"{DS},4,,", f"{DS},7,,")


def test_it_numbers_rows_as_a_spreadsheet_does_across_blank_lines(survey: Survey) -> None:
    message = LIKERT_VALUE_MESSAGE.format(row=4, column=2, key=DS_ITEM, value="“9”")
    _fails(survey, message, HEADER, f"{DS},4,,", "", f"{DS},9,,")


def test_it_names_the_row_and_column_in_one_sentence(survey: Survey) -> None:
    with pytest.raises(ResponseImportError) as caught:
        _import(survey, HEADER, f"{DS},agree,,")

    message = str(caught.value)
    assert message.startswith("Row 2, column 2")
    assert message.count(".") == 1
    assert message.endswith(".")


def test_it_imports_a_row_written_under_the_surveys_template(survey: Survey, alice: User) -> None:
    template = client_for(alice).get(reverse("surveys:import_template", args=[survey.pk])).content.decode()
    header = template.strip().split(",")
    assert header[0] == "role"
    assert set(header[1:]) == set(
        BankQuestion.objects.filter(bank=survey.bank, role__in=survey.roles).values_list("key", flat=True)
    )
    statements = set(
        BankQuestion.objects.filter(bank=survey.bank, role=ENG, kind=BankQuestion.Kind.LIKERT).values_list(
            "key", flat=True
        )
    )
    row = ["engineer", *("4" if key in statements else "" for key in header[1:])]
    assert responses_import_csv(survey=survey, text=template + ",".join(row) + "\n") == 1
    assert Response.objects.get(survey=survey).likert == dict.fromkeys(statements, 4)
