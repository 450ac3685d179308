"""The question bank: the survey content shipped as versioned TOML in question_banks/.

A bank holds the roles, the failure modes of design/failure-modes.md and the questions that
measure them. This module only reads and validates it, without Django, so that a bad bank
fails in a unit test long before it reaches a database or a respondent.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BANK_DIR = Path(__file__).parent / "question_banks"
MAX_LIKERT_PER_ROLE = 40
MAX_WORDS = 25
MIN_RECOMMENDATIONS = 3
MAX_RECOMMENDATIONS = 5
# The rules of failure-modes.md, "Question bank version 2", bind this version and later ones:
# a survey made with version 1 keeps its bank, so version 1 must still load as it was shipped.
RULES_FROM_VERSION = 2
MIN_LIKERT_PER_CELL = 3
MIN_DISCUSSION = 2
MAX_DISCUSSION = 3
# Words that invite a guess about habits or abilities instead of a report of what happened.
BANNED_WORDS = ("can", "cannot", "can't", "often", "every", "everyone")
LIKERT = "likert"
TEXT = "text"
KINDS = (LIKERT, TEXT)
POSITIVE = "positive"
NEGATIVE = "negative"
POLARITIES = (POSITIVE, NEGATIVE)
CATEGORIES = ("organization", "context", "practice", "technical debt")
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
BANK_FILE_PATTERN = re.compile(r"v([1-9][0-9]*)\.toml")

# Whoever edits a bank by hand gets one sentence naming the culprit, so that they can find
# the line to fix; the tests format these same templates.
INVALID_TOML = "The question bank is not valid TOML: {detail}."
MISSING_FIELD = '{where} has no "{field}" field.'
WRONG_TYPE = '{where} has a "{field}" field that is not {expected}.'
EMPTY_FIELD = '{where} has an empty "{field}" field.'
UNKNOWN_FIELD = '{where} has the unknown field "{field}".'
BAD_VERSION = "The question bank's version must be a positive whole number, not {value!r}."
BAD_KEY = 'The {kind} key "{key}" is not a lowercase identifier.'
DUPLICATE_KEY = 'The {kind} key "{key}" is used more than once.'
UNKNOWN_ROLE = '{where} names the unknown role "{role}".'
UNKNOWN_MODE = '{where} names the unknown mode "{mode}".'
UNKNOWN_KIND = '{where} has the unknown kind "{kind}" instead of likert or text.'
MISSING_POLARITY = "{where} is a likert question without a polarity."
UNKNOWN_POLARITY = '{where} has the unknown polarity "{polarity}" instead of positive or negative.'
TEXT_WITH_POLARITY = "{where} is a text question, which takes no polarity."
UNKNOWN_CATEGORY = '{where} has the unknown category "{category}".'
MODE_WITHOUT_LIKERT = '{where} has no likert question for the role "{role}".'
TOO_MANY_LIKERT = 'The role "{role}" has {count} likert questions, more than the {limit} allowed.'
TOO_MANY_WORDS = "{where} has {count} words, more than the {limit} allowed."
RECOMMENDATION_COUNT = "{where} has {count} recommendations instead of {minimum} to {maximum}."
EMPTY_RECOMMENDATION = "{where} has an empty recommendation."
DISCUSSION_COUNT = "{where} has {count} discussion questions instead of {minimum} to {maximum}."
EMPTY_DISCUSSION = "{where} has an empty discussion question."
TEXT_WITH_MIRROR = "{where} is a text question, which takes no mirror."
TOO_FEW_LIKERT = 'Mode "{mode}" has {count} likert statements for the role "{role}", fewer than the {minimum} required.'
NO_RISK_WORDED = 'Mode "{mode}" has no risk-worded (negative) statement for the role "{role}".'
MISSING_MIRROR = '{where} is a likert statement without the "mirror" id that version {version} requires.'
MIRROR_KEYING = 'Mirror "{mirror}" is {first} in question "{first_key}" but {second} in question "{second_key}".'
MIRROR_MODES = 'Mirror "{mirror}" is in the mode "{first}" and in the mode "{second}".'
MIRROR_ROLE_TWICE = 'Mirror "{mirror}" has more than one statement for the role "{role}".'
BANNED_WORD = '{where} uses the word "{word}", which version {version} does not allow.'
NO_BANK_FILE = "No question bank file named v<N>.toml is in {directory}."
VERSION_MISMATCH = "The question bank file {file} declares version {version}."

Table = dict[str, Any]

_BANK_FIELDS = frozenset({"version", "name", "roles", "modes", "questions"})
_ROLE_FIELDS = frozenset({"key", "title", "description"})
_MODE_FIELDS = frozenset({"key", "title", "category", "description", "source", "recommendations", "discussion"})
_QUESTION_FIELDS = frozenset({"key", "role", "mode", "kind", "polarity", "mirror", "text"})
_BANK = "The question bank"


@dataclass(frozen=True)
class BankRole:
    key: str
    title: str
    description: str


@dataclass(frozen=True)
class BankMode:
    key: str
    title: str
    category: str
    description: str
    source: str
    recommendations: tuple[str, ...]
    # Questions for a team talking about its results; empty in version 1.
    discussion: tuple[str, ...]


@dataclass(frozen=True)
class BankQuestion:
    key: str
    role: str
    mode: str
    kind: str
    polarity: str | None
    # Statements sharing a mirror id ask the same fact of different roles (None in version 1).
    mirror: str | None
    text: str


@dataclass(frozen=True)
class QuestionBank:
    version: int
    name: str
    roles: tuple[BankRole, ...]
    modes: tuple[BankMode, ...]
    questions: tuple[BankQuestion, ...]
    content_hash: str


class QuestionBankError(ValueError):
    """A bank that cannot be used; the message is one sentence naming the culprit."""


def bank_parse(text: str) -> QuestionBank:
    """Parse and validate a bank's TOML text, raising QuestionBankError on a problem."""
    data = _toml_load(text)
    _check_fields(data, _BANK_FIELDS, _BANK)
    bank = QuestionBank(
        version=_version(data),
        name=_string(data, "name", _BANK),
        roles=tuple(_role(table, index) for index, table in _tables(data, "roles")),
        modes=tuple(_mode(table, index) for index, table in _tables(data, "modes")),
        questions=tuple(_question(table, index) for index, table in _tables(data, "questions")),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    _check_consistency(bank)
    return bank


def bank_read(path: Path) -> QuestionBank:
    # Text mode normalizes line endings, so a checkout with CRLF endings hashes the same.
    return bank_parse(path.read_text(encoding="utf-8"))


def bank_current() -> QuestionBank:
    """Read the bank with the highest N among the v<N>.toml files of BANK_DIR."""
    files = _bank_files()
    if not files:
        raise QuestionBankError(NO_BANK_FILE.format(directory=BANK_DIR))
    number = max(files)
    bank = bank_read(files[number])
    # Surveys record the version, so a file whose name and content disagree would lie.
    if bank.version != number:
        raise QuestionBankError(VERSION_MISMATCH.format(file=files[number].name, version=bank.version))
    return bank


def _bank_files() -> dict[int, Path]:
    matches = ((BANK_FILE_PATTERN.fullmatch(path.name), path) for path in BANK_DIR.glob("v*.toml"))
    return {int(match[1]): path for match, path in matches if match}


def _toml_load(text: str) -> Table:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise QuestionBankError(INVALID_TOML.format(detail=error)) from error


def _where(kind: str, key: str) -> str:
    return f'{kind.capitalize()} "{key}"'


def _check_fields(table: Table, allowed: frozenset[str], where: str) -> None:
    # A misspelt optional field would otherwise be dropped without a word.
    for field in table:
        if field not in allowed:
            raise QuestionBankError(UNKNOWN_FIELD.format(where=where, field=field))


def _required(table: Table, field: str, where: str) -> Any:
    if field not in table:
        raise QuestionBankError(MISSING_FIELD.format(where=where, field=field))
    return table[field]


def _string(table: Table, field: str, where: str) -> str:
    value = _required(table, field, where)
    if not isinstance(value, str):
        raise QuestionBankError(WRONG_TYPE.format(where=where, field=field, expected="a string"))
    if not value.strip():
        raise QuestionBankError(EMPTY_FIELD.format(where=where, field=field))
    return value


def _version(data: Table) -> int:
    value = _required(data, "version", _BANK)
    # TOML's true is a Python int too, but it is a typo, not version 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise QuestionBankError(BAD_VERSION.format(value=value))
    return value


def _tables(data: Table, field: str) -> list[tuple[int, Table]]:
    value = _required(data, field, _BANK)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise QuestionBankError(WRONG_TYPE.format(where=_BANK, field=field, expected="a list of tables"))
    if not value:
        raise QuestionBankError(EMPTY_FIELD.format(where=_BANK, field=field))
    return list(enumerate(value, start=1))


def _key(table: Table, kind: str, index: int) -> str:
    # Until its key is known, an entry is named by its position in the file.
    key = _string(table, "key", f"{kind.capitalize()} {index}")
    if not KEY_PATTERN.fullmatch(key):
        raise QuestionBankError(BAD_KEY.format(kind=kind, key=key))
    return key


def _role(table: Table, index: int) -> BankRole:
    key = _key(table, "role", index)
    where = _where("role", key)
    _check_fields(table, _ROLE_FIELDS, where)
    return BankRole(
        key=key,
        title=_string(table, "title", where),
        description=_string(table, "description", where),
    )


def _mode(table: Table, index: int) -> BankMode:
    key = _key(table, "mode", index)
    where = _where("mode", key)
    _check_fields(table, _MODE_FIELDS, where)
    category = _string(table, "category", where)
    if category not in CATEGORIES:
        raise QuestionBankError(UNKNOWN_CATEGORY.format(where=where, category=category))
    return BankMode(
        key=key,
        title=_string(table, "title", where),
        category=category,
        description=_string(table, "description", where),
        source=_string(table, "source", where),
        recommendations=_recommendations(table, where),
        discussion=_discussion(table, where),
    )


def _recommendations(table: Table, where: str) -> tuple[str, ...]:
    value = _required(table, "recommendations", where)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise QuestionBankError(WRONG_TYPE.format(where=where, field="recommendations", expected="a list of strings"))
    if not MIN_RECOMMENDATIONS <= len(value) <= MAX_RECOMMENDATIONS:
        raise QuestionBankError(
            RECOMMENDATION_COUNT.format(
                where=where, count=len(value), minimum=MIN_RECOMMENDATIONS, maximum=MAX_RECOMMENDATIONS
            )
        )
    if not all(item.strip() for item in value):
        raise QuestionBankError(EMPTY_RECOMMENDATION.format(where=where))
    return tuple(value)


def _discussion(table: Table, where: str) -> tuple[str, ...]:
    # Optional here; version 2 requires it (_check_rules), version 1 has none.
    if "discussion" not in table:
        return ()
    value = table["discussion"]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise QuestionBankError(WRONG_TYPE.format(where=where, field="discussion", expected="a list of strings"))
    if not MIN_DISCUSSION <= len(value) <= MAX_DISCUSSION:
        raise QuestionBankError(
            DISCUSSION_COUNT.format(where=where, count=len(value), minimum=MIN_DISCUSSION, maximum=MAX_DISCUSSION)
        )
    if not all(item.strip() for item in value):
        raise QuestionBankError(EMPTY_DISCUSSION.format(where=where))
    return tuple(value)


def _question(table: Table, index: int) -> BankQuestion:
    key = _key(table, "question", index)
    where = _where("question", key)
    _check_fields(table, _QUESTION_FIELDS, where)
    kind = _string(table, "kind", where)
    if kind not in KINDS:
        raise QuestionBankError(UNKNOWN_KIND.format(where=where, kind=kind))
    text = _string(table, "text", where)
    if len(text.split()) > MAX_WORDS:
        raise QuestionBankError(TOO_MANY_WORDS.format(where=where, count=len(text.split()), limit=MAX_WORDS))
    return BankQuestion(
        key=key,
        role=_string(table, "role", where),
        mode=_string(table, "mode", where),
        kind=kind,
        polarity=_polarity(table, kind, where),
        mirror=_mirror(table, kind, where),
        text=text,
    )


def _polarity(table: Table, kind: str, where: str) -> str | None:
    if kind == TEXT:
        if "polarity" in table:
            raise QuestionBankError(TEXT_WITH_POLARITY.format(where=where))
        return None
    if "polarity" not in table:
        raise QuestionBankError(MISSING_POLARITY.format(where=where))
    polarity = _string(table, "polarity", where)
    if polarity not in POLARITIES:
        raise QuestionBankError(UNKNOWN_POLARITY.format(where=where, polarity=polarity))
    return polarity


def _mirror(table: Table, kind: str, where: str) -> str | None:
    if "mirror" not in table:
        return None
    if kind == TEXT:
        raise QuestionBankError(TEXT_WITH_MIRROR.format(where=where))
    mirror = _string(table, "mirror", where)
    if not KEY_PATTERN.fullmatch(mirror):
        raise QuestionBankError(BAD_KEY.format(kind="mirror", key=mirror))
    return mirror


def _check_consistency(bank: QuestionBank) -> None:
    _check_unique("role", [role.key for role in bank.roles])
    _check_unique("mode", [mode.key for mode in bank.modes])
    _check_unique("question", [question.key for question in bank.questions])
    _check_references(bank)
    _check_coverage(bank)
    _check_likert_limit(bank)
    if bank.version >= RULES_FROM_VERSION:
        _check_rules(bank)


def _check_unique(kind: str, keys: list[str]) -> None:
    for key, count in Counter(keys).items():
        if count > 1:
            raise QuestionBankError(DUPLICATE_KEY.format(kind=kind, key=key))


def _check_references(bank: QuestionBank) -> None:
    roles = {role.key for role in bank.roles}
    modes = {mode.key for mode in bank.modes}
    for question in bank.questions:
        where = _where("question", question.key)
        if question.role not in roles:
            raise QuestionBankError(UNKNOWN_ROLE.format(where=where, role=question.role))
        if question.mode not in modes:
            raise QuestionBankError(UNKNOWN_MODE.format(where=where, mode=question.mode))


def _check_coverage(bank: QuestionBank) -> None:
    # Scoring compares roles mode by mode, so every role must be measured on every mode.
    asked = {(q.mode, q.role) for q in bank.questions if q.kind == LIKERT}
    for mode in bank.modes:
        for role in bank.roles:
            if (mode.key, role.key) not in asked:
                raise QuestionBankError(MODE_WITHOUT_LIKERT.format(where=_where("mode", mode.key), role=role.key))


def _check_likert_limit(bank: QuestionBank) -> None:
    # The questionnaire must stay short enough to finish in a few minutes.
    counts = Counter(q.role for q in bank.questions if q.kind == LIKERT)
    for role in bank.roles:
        if counts[role.key] > MAX_LIKERT_PER_ROLE:
            raise QuestionBankError(
                TOO_MANY_LIKERT.format(role=role.key, count=counts[role.key], limit=MAX_LIKERT_PER_ROLE)
            )


def _check_rules(bank: QuestionBank) -> None:
    """The rules of failure-modes.md, "Question bank version 2"; MAX_WORDS is checked for every version."""
    for mode in bank.modes:
        if not mode.discussion:
            raise QuestionBankError(MISSING_FIELD.format(where=_where("mode", mode.key), field="discussion"))
    for question in bank.questions:
        _check_wording(question, bank.version)
    _check_mirrors(bank)
    _check_cells(bank)


def _check_wording(question: BankQuestion, version: int) -> None:
    words = re.findall(r"[a-z]+(?:'[a-z]+)?", question.text.lower().replace("\u2019", "'"))
    banned = next((word for word in words if word in BANNED_WORDS), None)
    if banned is not None:
        where = _where("question", question.key)
        raise QuestionBankError(BANNED_WORD.format(where=where, word=banned, version=version))


def _check_mirrors(bank: QuestionBank) -> None:
    # A mirror asks one fact of several roles: a gap between them must not come from the wording.
    first_of: dict[str, BankQuestion] = {}
    roles_of: dict[str, set[str]] = {}
    for question in (q for q in bank.questions if q.kind == LIKERT):
        if question.mirror is None:
            where = _where("question", question.key)
            raise QuestionBankError(MISSING_MIRROR.format(where=where, version=bank.version))
        first = first_of.setdefault(question.mirror, question)
        if question.mode != first.mode:
            raise QuestionBankError(MIRROR_MODES.format(mirror=question.mirror, first=first.mode, second=question.mode))
        if question.role in roles_of.setdefault(question.mirror, set()):
            raise QuestionBankError(MIRROR_ROLE_TWICE.format(mirror=question.mirror, role=question.role))
        roles_of[question.mirror].add(question.role)
        if question.polarity != first.polarity:
            raise QuestionBankError(
                MIRROR_KEYING.format(
                    mirror=question.mirror,
                    first=first.polarity,
                    first_key=first.key,
                    second=question.polarity,
                    second_key=question.key,
                )
            )


def _check_cells(bank: QuestionBank) -> None:
    # Two statements cannot give a role mean a leader should act on, and a cell worded only one
    # way would reward agreeing with whatever is asked.
    counts = Counter((q.mode, q.role) for q in bank.questions if q.kind == LIKERT)
    risk_worded = {(q.mode, q.role) for q in bank.questions if q.kind == LIKERT and q.polarity == NEGATIVE}
    for mode in bank.modes:
        for role in bank.roles:
            cell = (mode.key, role.key)
            if counts[cell] < MIN_LIKERT_PER_CELL:
                raise QuestionBankError(
                    TOO_FEW_LIKERT.format(mode=mode.key, role=role.key, count=counts[cell], minimum=MIN_LIKERT_PER_CELL)
                )
            if cell not in risk_worded:
                raise QuestionBankError(NO_RISK_WORDED.format(mode=mode.key, role=role.key))
