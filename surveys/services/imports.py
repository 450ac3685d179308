"""Responses collected elsewhere (another survey tool, a paper round), added from a CSV file.

The rules are commands.md's `import_responses`: all or nothing, and a message naming the row
(the header is row 1) and the column of the first problem.
"""

from dataclasses import dataclass

from django.db import transaction

from surveys.csv_text import CsvReadError, csv_records
from surveys.models import BankQuestion, Response, Survey
from surveys.tokens import respondent_key, token_new
from surveys.validators import MAX_ANSWER_LENGTH

NO_ANSWER = frozenset({"", "NA", "DK"})
ROLE_COLUMN = "role"

EMPTY_FILE_MESSAGE = "The file is empty: it needs a header row (role and question keys) and a row per respondent."
NO_RESPONSES_MESSAGE = "The file has a header row but no responses below it."
NOT_CSV_MESSAGE = "Row {row} could not be read as CSV: {reason}."
MISSING_ROLE_COLUMN_MESSAGE = "Row {row} (the header) has no role column."
DUPLICATE_COLUMN_MESSAGE = "Row {row}, column {column}: the header names {name} more than once."
UNKNOWN_QUESTION_MESSAGE = "Row {row}, column {column}: {name} is not a question key of this survey."
CELL_COUNT_MESSAGE = "Row {row} has {count} cells where the header has {expected}."
UNKNOWN_ROLE_MESSAGE = (
    "Row {row}, column {column} (role): {value} is not a role of this survey, which includes {roles}."
)
LIKERT_VALUE_MESSAGE = (
    "Row {row}, column {column} ({key}): {value} is not a whole number from 1 to 5, nor empty, NA or DK."
)
TEXT_LENGTH_MESSAGE = (
    f"Row {{row}}, column {{column}} ({{key}}): the text has {{length}} characters, "
    f"more than the {MAX_ANSWER_LENGTH:,} allowed."
)
TEXT_NULL_CHARACTER_MESSAGE = (
    "Row {row}, column {column} ({key}): the text contains a null character, which cannot be stored."
)
SURVEY_CLOSED_MESSAGE = "The survey “{title}” is closed: reopen it to import responses."
NO_LIKERT_VALUE_MESSAGE = (
    "Row {row} answers no statement: a row needs at least one value from 1 to 5, "
    "so that blank rows cannot lift a role over the anonymity threshold."
)
OTHER_ROLE_MESSAGE = (
    "Row {row}, column {column} ({key}): this question is asked to {question_role}, not {role}, "
    "so the cell must be empty."
)


class ResponseImportError(ValueError):
    """A problem in the file, in one sentence naming its row and column; nothing was imported."""


@dataclass(frozen=True)
class _Column:
    number: int
    question: BankQuestion


@dataclass(frozen=True)
class _Row:
    role: str
    likert: dict[str, int]
    text: dict[str, str]


@transaction.atomic
def responses_import_csv(*, survey: Survey, text: str) -> int:
    """Add one submitted response per row of the CSV; returns how many were added.

    Raises ResponseImportError and adds nothing when any row is wrong. Only an open survey
    takes imports, and every row answers at least one statement (privacy.md, "Members who are
    not people"): after closing, or with blank rows, an import could lift a small role over the
    threshold and reveal its real members' answers.
    """
    if not survey.is_open:
        raise ResponseImportError(SURVEY_CLOSED_MESSAGE.format(title=survey.title))
    records = _records(text)
    if not records:
        raise ResponseImportError(EMPTY_FILE_MESSAGE)
    questions = {question.key: question for question in BankQuestion.objects.filter(bank_id=survey.bank_id)}
    role_index, columns = _header(records[0], survey=survey, questions=questions)
    rows = [
        _row(cells, number=number, survey=survey, role_index=role_index, columns=columns, width=len(records[0][1]))
        for number, cells in records[1:]
    ]
    if not rows:
        raise ResponseImportError(NO_RESPONSES_MESSAGE)
    Response.objects.bulk_create(
        Response(
            survey=survey,
            role=row.role,
            # A fresh secret that nobody holds: the response can never be opened through a link.
            respondent_key=respondent_key(token_new()),
            status=Response.Status.SUBMITTED,
            source=Response.Source.IMPORT,
            likert=row.likert,
            text=row.text,
        )
        for row in rows
    )
    return len(rows)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The CSV's records with their row numbers as a spreadsheet shows them, blank lines left out."""
    try:
        records = csv_records(text)
    except CsvReadError as error:
        raise ResponseImportError(NOT_CSV_MESSAGE.format(row=error.row, reason=error.reason)) from None
    return [(number, cells) for number, cells in records if any(cell.strip() for cell in cells)]


def _header(
    record: tuple[int, list[str]], *, survey: Survey, questions: dict[str, BankQuestion]
) -> tuple[int, list[_Column]]:
    """The position of the role column and the question of every other column."""
    header_row, cells = record
    names = [cell.strip() for cell in cells]
    if ROLE_COLUMN not in names:
        raise ResponseImportError(MISSING_ROLE_COLUMN_MESSAGE.format(row=header_row))
    columns: list[_Column] = []
    for number, name in enumerate(names, start=1):
        if names.index(name) != number - 1:
            raise ResponseImportError(
                DUPLICATE_COLUMN_MESSAGE.format(row=header_row, column=number, name=_quoted(name))
            )
        if name == ROLE_COLUMN:
            continue
        question = questions.get(name)
        # A question of a role the survey leaves out is as unknown to it as a made-up key.
        if question is None or question.role not in survey.roles:
            raise ResponseImportError(
                UNKNOWN_QUESTION_MESSAGE.format(row=header_row, column=number, name=_quoted(name))
            )
        columns.append(_Column(number, question))
    return names.index(ROLE_COLUMN), columns


def _row(cells: list[str], *, number: int, survey: Survey, role_index: int, columns: list[_Column], width: int) -> _Row:
    if len(cells) != width:
        raise ResponseImportError(CELL_COUNT_MESSAGE.format(row=number, count=len(cells), expected=width))
    role = cells[role_index].strip()
    if role not in survey.roles:
        roles = ", ".join(survey.roles)
        raise ResponseImportError(
            UNKNOWN_ROLE_MESSAGE.format(row=number, column=role_index + 1, value=_quoted(role), roles=roles)
        )
    row = _Row(role, {}, {})
    for column in columns:
        _cell(cells[column.number - 1], row=row, number=number, column=column)
    if not row.likert:
        raise ResponseImportError(NO_LIKERT_VALUE_MESSAGE.format(row=number))
    return row


def _cell(cell: str, *, row: _Row, number: int, column: _Column) -> None:
    """Check one answer and add it to the row; a cell left empty adds nothing."""
    question = column.question
    where = {"row": number, "column": column.number, "key": question.key}
    value = cell.strip()
    if question.role != row.role:
        if value:
            raise ResponseImportError(OTHER_ROLE_MESSAGE.format(**where, question_role=question.role, role=row.role))
        return
    if question.kind == BankQuestion.Kind.TEXT:
        if len(value) > MAX_ANSWER_LENGTH:
            raise ResponseImportError(TEXT_LENGTH_MESSAGE.format(**where, length=f"{len(value):,}"))
        # Python's csv reads it, but PostgreSQL cannot store it in a JSON column.
        if "\x00" in value:
            raise ResponseImportError(TEXT_NULL_CHARACTER_MESSAGE.format(**where))
        if value:
            row.text[question.key] = value
        return
    if value.upper() in NO_ANSWER:
        return
    if value not in ("1", "2", "3", "4", "5"):
        raise ResponseImportError(LIKERT_VALUE_MESSAGE.format(**where, value=_quoted(value)))
    row.likert[question.key] = int(value)


def _quoted(value: str) -> str:
    """A value as the user typed it, shortened: a message stays one readable sentence."""
    shown = value if len(value) <= 40 else f"{value[:37]}..."
    return f"“{shown}”"
