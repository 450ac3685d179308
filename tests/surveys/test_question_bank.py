import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from surveys import question_bank
from surveys.question_bank import (
    BAD_KEY,
    BAD_VERSION,
    BANK_DIR,
    BANNED_WORD,
    BANNED_WORDS,
    DISCUSSION_COUNT,
    DUPLICATE_KEY,
    EMPTY_DISCUSSION,
    EMPTY_FIELD,
    EMPTY_RECOMMENDATION,
    INVALID_TOML,
    LIKERT,
    MAX_LIKERT_PER_ROLE,
    MAX_RECOMMENDATIONS,
    MAX_WORDS,
    MIN_LIKERT_PER_CELL,
    MIN_RECOMMENDATIONS,
    MIRROR_KEYING,
    MIRROR_MODES,
    MIRROR_ROLE_TWICE,
    MISSING_FIELD,
    MISSING_MIRROR,
    MISSING_POLARITY,
    MODE_WITHOUT_LIKERT,
    NEGATIVE,
    NO_BANK_FILE,
    NO_RISK_WORDED,
    RECOMMENDATION_COUNT,
    TEXT,
    TEXT_WITH_MIRROR,
    TEXT_WITH_POLARITY,
    TOO_FEW_LIKERT,
    TOO_MANY_LIKERT,
    TOO_MANY_WORDS,
    UNKNOWN_CATEGORY,
    UNKNOWN_FIELD,
    UNKNOWN_KIND,
    UNKNOWN_MODE,
    UNKNOWN_POLARITY,
    UNKNOWN_ROLE,
    VERSION_MISMATCH,
    WRONG_TYPE,
    BankQuestion,
    QuestionBank,
    QuestionBankError,
    bank_current,
    bank_parse,
    bank_read,
)

# The keys and order of design/failure-modes.md, which scores and exports rely on.
FAILURE_MODES = [
    "shelfware",
    "production_backlog",
    "data_disconnect",
    "decision_first",
    "role_mismatch",
    "expectation_gap",
    "unexamined_harms",
    "data_wrangling_toil",
    "fragile_training",
    "glue_code",
    "pipeline_jungle",
    "signal_entanglement",
    "unmonitored_change",
]
ROLES = ["data_scientist", "engineer", "product_manager"]
ROLE_ABBREVIATIONS = {"data_scientist": "ds", "engineer": "eng", "product_manager": "pm"}


def minimal_bank() -> dict[str, Any]:
    """The smallest valid bank, as data that a test alters before calling toml_text."""
    return {
        "version": 1,
        "name": "Tiny bank",
        "roles": [
            {"key": "data_scientist", "title": "Data scientist", "description": "Models."},
            {"key": "engineer", "title": "Engineer", "description": "Pipelines."},
        ],
        "modes": [
            {
                "key": "shelfware",
                "title": "Work that is never used",
                "category": "organization",
                "description": "Models that nobody uses.",
                "source": "Thomas, failure 1",
                "recommendations": ["Find a sponsor.", "Ship early.", "Stop dead work."],
            }
        ],
        "questions": [
            likert("shelfware_ds_1", role="data_scientist"),
            likert("shelfware_eng_1", role="engineer", polarity="negative"),
            {
                "key": "ds_text_reach_users",
                "role": "data_scientist",
                "mode": "shelfware",
                "kind": "text",
                "text": "What would most help your models reach users?",
            },
        ],
    }


def likert(key: str, *, role: str, polarity: str = "positive") -> dict[str, Any]:
    return {
        "key": key,
        "role": role,
        "mode": "shelfware",
        "kind": "likert",
        "polarity": polarity,
        "text": "Most of the models I finish are put to real use.",
    }


def toml_text(bank: dict[str, Any]) -> str:
    # JSON strings, numbers and lists of strings are valid TOML values.
    lines = []
    for field, value in bank.items():
        if not _is_table_list(value):
            lines.append(f"{field} = {json.dumps(value)}")
    for field, value in bank.items():
        if _is_table_list(value):
            for table in value:
                lines.append(f"[[{field}]]")
                lines.extend(f"{key} = {json.dumps(item)}" for key, item in table.items())
    return "\n".join(lines) + "\n"


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def assert_rejected(bank: dict[str, Any] | str, message: str) -> None:
    text = bank if isinstance(bank, str) else toml_text(bank)
    with pytest.raises(QuestionBankError, match=f"^{re.escape(message)}$"):
        bank_parse(text)


@pytest.fixture(scope="module")
def shipped() -> QuestionBank:
    return bank_read(BANK_DIR / "v2.toml")


@pytest.fixture(scope="module")
def version_1() -> QuestionBank:
    return bank_read(BANK_DIR / "v1.toml")


def likert_counts(bank: QuestionBank) -> Counter[tuple[str, str]]:
    return Counter((q.mode, q.role) for q in bank.questions if q.kind == LIKERT)


def likert_items(bank: QuestionBank) -> list[BankQuestion]:
    return [q for q in bank.questions if q.kind == LIKERT]


# The shipped banks

# The review's own wordings (failure-modes.md) that report a habit or what one knows, not an
# event in a time frame; every other statement of version 2 opens with one.
WITHOUT_TIME_FRAME = {
    "I know of finished models from our team that were never put to use.",
    "Before launch, we write down who a model could harm and what we would do about it.",
}


def test_the_shipped_bank_is_the_current_one(shipped: QuestionBank) -> None:
    assert bank_current() == shipped
    assert shipped.version == 2


def test_version_1_still_loads_as_shipped(version_1: QuestionBank) -> None:
    assert version_1.version == 1
    assert Counter(q.role for q in likert_items(version_1)) == dict.fromkeys(ROLES, 31)


@pytest.mark.parametrize("path", ["v1.toml", "v2.toml"])
def test_the_shipped_banks_have_the_three_roles_and_the_failure_modes_in_order(path: str) -> None:
    bank = bank_read(BANK_DIR / path)
    assert [role.key for role in bank.roles] == ROLES
    assert [mode.key for mode in bank.modes] == FAILURE_MODES


def test_every_mode_and_role_has_three_likert_statements(shipped: QuestionBank) -> None:
    counts = likert_counts(shipped)
    assert len(counts) == len(FAILURE_MODES) * len(ROLES)
    assert set(counts.values()) == {MIN_LIKERT_PER_CELL}
    assert Counter(q.role for q in likert_items(shipped)) == dict.fromkeys(ROLES, 39)


def test_every_mode_and_role_has_exactly_one_risk_worded_statement(shipped: QuestionBank) -> None:
    negative = Counter((q.mode, q.role) for q in likert_items(shipped) if q.polarity == NEGATIVE)
    assert set(negative.values()) == {1}
    assert len(negative) == len(FAILURE_MODES) * len(ROLES)


def test_mirror_statements_ask_every_role_in_the_same_words(shipped: QuestionBank) -> None:
    mirrors: dict[str | None, list[BankQuestion]] = {}
    for question in likert_items(shipped):
        mirrors.setdefault(question.mirror, []).append(question)
    assert len(mirrors) == len(FAILURE_MODES) * MIN_LIKERT_PER_CELL
    for mirror, questions in mirrors.items():
        assert [q.role for q in questions] == ROLES, mirror
        assert len({(q.text, q.polarity, q.mode) for q in questions}) == 1, mirror


def test_likert_keys_name_their_mirror_and_role(shipped: QuestionBank) -> None:
    for q in likert_items(shipped):
        assert q.mirror is not None
        assert q.mirror.startswith(f"{q.mode}_"), q.key
        assert q.key == f"{q.mirror}_{ROLE_ABBREVIATIONS[q.role]}"


def test_statements_report_behaviour_in_a_time_frame(shipped: QuestionBank) -> None:
    texts = {q.text for q in likert_items(shipped)}
    framed = {text for text in texts if re.match(r"In the last (three|six) months, ", text)}
    assert texts - framed == WITHOUT_TIME_FRAME


def test_a_key_kept_from_version_1_keeps_its_question_unchanged(shipped: QuestionBank, version_1: QuestionBank) -> None:
    before = {q.key: (q.role, q.mode, q.kind, q.polarity, q.text) for q in version_1.questions}
    kept = [q for q in shipped.questions if q.key in before]
    assert kept
    for q in kept:
        assert (q.role, q.mode, q.kind, q.polarity, q.text) == before[q.key], q.key


def test_every_role_has_two_or_three_text_questions(shipped: QuestionBank) -> None:
    counts = Counter(q.role for q in shipped.questions if q.kind == TEXT)
    assert all(2 <= counts[role] <= 3 for role in ROLES), counts


def test_text_question_keys_follow_the_naming_scheme(shipped: QuestionBank) -> None:
    for q in shipped.questions:
        if q.kind == TEXT:
            assert re.fullmatch(rf"{ROLE_ABBREVIATIONS[q.role]}_text_[a-z0-9_]+", q.key), q.key


def test_every_mode_has_questions_for_a_team_discussion(shipped: QuestionBank) -> None:
    assert all(2 <= len(mode.discussion) <= 3 for mode in shipped.modes)


def test_questions_are_ordered_by_mode_then_role(shipped: QuestionBank) -> None:
    positions = [(FAILURE_MODES.index(q.mode), ROLES.index(q.role)) for q in shipped.questions]
    assert positions == sorted(positions)


def test_the_content_hash_is_the_sha256_of_the_file_text(shipped: QuestionBank) -> None:
    text = (BANK_DIR / "v2.toml").read_text(encoding="utf-8")
    assert shipped.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()


# Choosing the current bank


def test_it_reads_the_bank_with_the_highest_version_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for version in (2, 10):
        bank = minimal_v2_bank() | {"version": version}
        (tmp_path / f"v{version}.toml").write_text(toml_text(bank), encoding="utf-8")
    (tmp_path / "draft.toml").write_text("not a bank", encoding="utf-8")
    monkeypatch.setattr(question_bank, "BANK_DIR", tmp_path)
    assert bank_current().version == 10


def test_it_rejects_a_file_whose_name_and_version_disagree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "v2.toml").write_text(toml_text(minimal_bank()), encoding="utf-8")
    monkeypatch.setattr(question_bank, "BANK_DIR", tmp_path)
    with pytest.raises(QuestionBankError) as error:
        bank_current()
    assert str(error.value) == VERSION_MISMATCH.format(file="v2.toml", version=1)


def test_it_says_so_when_no_bank_file_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(question_bank, "BANK_DIR", tmp_path)
    with pytest.raises(QuestionBankError) as error:
        bank_current()
    assert str(error.value) == NO_BANK_FILE.format(directory=tmp_path)


# Parsing a valid bank


def test_it_parses_the_minimal_bank() -> None:
    bank = bank_parse(toml_text(minimal_bank()))
    assert [q.polarity for q in bank.questions] == ["positive", "negative", None]
    assert bank.modes[0].recommendations == ("Find a sponsor.", "Ship early.", "Stop dead work.")


# Rejecting a bad bank


def test_it_rejects_invalid_toml() -> None:
    prefix = INVALID_TOML.partition("{detail}")[0]
    with pytest.raises(QuestionBankError, match=f"^{re.escape(prefix)}.+line 1"):
        bank_parse("version = = 1\n")


def test_it_rejects_a_missing_top_level_field() -> None:
    bank = minimal_bank()
    del bank["name"]
    assert_rejected(bank, MISSING_FIELD.format(where="The question bank", field="name"))


def test_it_rejects_a_missing_mode_field() -> None:
    bank = minimal_bank()
    del bank["modes"][0]["source"]
    assert_rejected(bank, MISSING_FIELD.format(where='Mode "shelfware"', field="source"))


def test_it_names_an_entry_without_a_key_by_its_position() -> None:
    bank = minimal_bank()
    del bank["roles"][1]["key"]
    assert_rejected(bank, MISSING_FIELD.format(where="Role 2", field="key"))


def test_it_rejects_an_ill_typed_field() -> None:
    bank = minimal_bank()
    bank["questions"][0]["text"] = 3
    assert_rejected(
        bank,
        WRONG_TYPE.format(where='Question "shelfware_ds_1"', field="text", expected="a string"),
    )


def test_it_rejects_roles_that_are_not_a_list_of_tables() -> None:
    bank = minimal_bank() | {"roles": "data_scientist"}
    assert_rejected(
        bank,
        WRONG_TYPE.format(where="The question bank", field="roles", expected="a list of tables"),
    )


def test_it_rejects_an_empty_list_of_modes() -> None:
    bank = minimal_bank() | {"modes": []}
    assert_rejected(bank, EMPTY_FIELD.format(where="The question bank", field="modes"))


def test_it_rejects_an_unknown_field() -> None:
    bank = minimal_bank()
    bank["questions"][0]["polartiy"] = "positive"
    assert_rejected(bank, UNKNOWN_FIELD.format(where='Question "shelfware_ds_1"', field="polartiy"))


@pytest.mark.parametrize("version", [0, -1, "1", True, 1.5])
def test_it_rejects_a_version_that_is_not_a_positive_whole_number(version: Any) -> None:
    bank = minimal_bank() | {"version": version}
    assert_rejected(bank, BAD_VERSION.format(value=version))


@pytest.mark.parametrize("key", ["Data_scientist", "data-scientist", "1st", "data scientist"])
def test_it_rejects_a_role_key_that_is_not_a_lowercase_identifier(key: str) -> None:
    bank = minimal_bank()
    bank["roles"][0]["key"] = key
    assert_rejected(bank, BAD_KEY.format(kind="role", key=key))


def test_it_rejects_a_question_key_that_is_not_a_lowercase_identifier() -> None:
    bank = minimal_bank()
    bank["questions"][0]["key"] = "Shelfware-1"
    assert_rejected(bank, BAD_KEY.format(kind="question", key="Shelfware-1"))


def test_it_rejects_a_duplicated_role_key() -> None:
    bank = minimal_bank()
    bank["roles"][1]["key"] = "data_scientist"
    assert_rejected(bank, DUPLICATE_KEY.format(kind="role", key="data_scientist"))


def test_it_rejects_a_duplicated_mode_key() -> None:
    bank = minimal_bank()
    bank["modes"].append(dict(bank["modes"][0]))
    assert_rejected(bank, DUPLICATE_KEY.format(kind="mode", key="shelfware"))


def test_it_rejects_a_duplicated_question_key() -> None:
    bank = minimal_bank()
    bank["questions"].append(likert("shelfware_ds_1", role="data_scientist"))
    assert_rejected(bank, DUPLICATE_KEY.format(kind="question", key="shelfware_ds_1"))


def test_it_rejects_a_question_of_an_unknown_role() -> None:
    bank = minimal_bank()
    bank["questions"].append(likert("shelfware_cto_1", role="cto"))
    assert_rejected(bank, UNKNOWN_ROLE.format(where='Question "shelfware_cto_1"', role="cto"))


def test_it_rejects_a_question_of_an_unknown_mode() -> None:
    bank = minimal_bank()
    bank["questions"][2]["mode"] = "shelf_ware"
    assert_rejected(bank, UNKNOWN_MODE.format(where='Question "ds_text_reach_users"', mode="shelf_ware"))


def test_it_rejects_an_unknown_kind() -> None:
    bank = minimal_bank()
    bank["questions"][2]["kind"] = "essay"
    assert_rejected(bank, UNKNOWN_KIND.format(where='Question "ds_text_reach_users"', kind="essay"))


def test_it_rejects_a_likert_question_without_polarity() -> None:
    bank = minimal_bank()
    del bank["questions"][1]["polarity"]
    assert_rejected(bank, MISSING_POLARITY.format(where='Question "shelfware_eng_1"'))


def test_it_rejects_an_unknown_polarity() -> None:
    bank = minimal_bank()
    bank["questions"][1]["polarity"] = "reversed"
    assert_rejected(
        bank,
        UNKNOWN_POLARITY.format(where='Question "shelfware_eng_1"', polarity="reversed"),
    )


def test_it_rejects_a_text_question_with_a_polarity() -> None:
    bank = minimal_bank()
    bank["questions"][2]["polarity"] = "positive"
    assert_rejected(bank, TEXT_WITH_POLARITY.format(where='Question "ds_text_reach_users"'))


def test_it_rejects_an_unknown_category() -> None:
    bank = minimal_bank()
    bank["modes"][0]["category"] = "technical_debt"
    assert_rejected(bank, UNKNOWN_CATEGORY.format(where='Mode "shelfware"', category="technical_debt"))


def test_it_rejects_a_mode_with_no_likert_item_for_a_role() -> None:
    bank = minimal_bank()
    del bank["questions"][1]
    assert_rejected(bank, MODE_WITHOUT_LIKERT.format(where='Mode "shelfware"', role="engineer"))


def test_it_does_not_count_a_text_question_as_covering_a_mode() -> None:
    bank = minimal_bank()
    bank["questions"][0] = bank["questions"][2] | {"key": "ds_text_other"}
    assert_rejected(bank, MODE_WITHOUT_LIKERT.format(where='Mode "shelfware"', role="data_scientist"))


def test_it_rejects_too_many_likert_items_for_a_role() -> None:
    bank = minimal_bank()
    extra = MAX_LIKERT_PER_ROLE
    bank["questions"] += [likert(f"extra_eng_{n}", role="engineer") for n in range(extra)]
    assert_rejected(
        bank,
        TOO_MANY_LIKERT.format(role="engineer", count=extra + 1, limit=MAX_LIKERT_PER_ROLE),
    )


def test_it_accepts_the_maximum_number_of_likert_items_for_a_role() -> None:
    bank = minimal_bank()
    extra = MAX_LIKERT_PER_ROLE - 1
    bank["questions"] += [likert(f"extra_eng_{n}", role="engineer") for n in range(extra)]
    assert len(bank_parse(toml_text(bank)).questions) == 3 + extra


def test_it_rejects_a_statement_longer_than_the_maximum() -> None:
    bank = minimal_bank()
    bank["questions"][0]["text"] = " ".join(["word"] * (MAX_WORDS + 1))
    assert_rejected(
        bank,
        TOO_MANY_WORDS.format(where='Question "shelfware_ds_1"', count=MAX_WORDS + 1, limit=MAX_WORDS),
    )


def test_it_accepts_a_statement_of_exactly_the_maximum_length() -> None:
    bank = minimal_bank()
    bank["questions"][0]["text"] = " ".join(["word"] * MAX_WORDS)
    assert bank_parse(toml_text(bank)).questions[0].text.count("word") == MAX_WORDS


@pytest.mark.parametrize("text", ["", "   "])
def test_it_rejects_an_empty_question_text(text: str) -> None:
    bank = minimal_bank()
    bank["questions"][0]["text"] = text
    assert_rejected(bank, EMPTY_FIELD.format(where='Question "shelfware_ds_1"', field="text"))


@pytest.mark.parametrize("count", [2, 6])
def test_it_rejects_a_mode_with_too_few_or_too_many_recommendations(count: int) -> None:
    bank = minimal_bank()
    bank["modes"][0]["recommendations"] = [f"Do thing {n}." for n in range(count)]
    message = RECOMMENDATION_COUNT.format(
        where='Mode "shelfware"', count=count, minimum=MIN_RECOMMENDATIONS, maximum=MAX_RECOMMENDATIONS
    )
    assert_rejected(bank, message)


def test_it_rejects_an_empty_recommendation() -> None:
    bank = minimal_bank()
    bank["modes"][0]["recommendations"][1] = " "
    assert_rejected(bank, EMPTY_RECOMMENDATION.format(where='Mode "shelfware"'))


def test_it_rejects_recommendations_that_are_not_strings() -> None:
    bank = minimal_bank()
    bank["modes"][0]["recommendations"] = ["Find a sponsor.", 2, "Stop dead work."]
    assert_rejected(
        bank,
        WRONG_TYPE.format(where='Mode "shelfware"', field="recommendations", expected="a list of strings"),
    )


# The rules of version 2 (failure-modes.md, "Question bank version 2: the rules")

V2_ROLES = {"data_scientist": "ds", "engineer": "eng"}
# One risk-worded statement and two healthy ones per mode and role, as mirrors.
V2_FACTS = [("unused", "negative"), ("sponsor", "positive"), ("agreed", "positive")]


def minimal_v2_bank(modes: tuple[str, ...] = ("shelfware",)) -> dict[str, Any]:
    """The smallest bank that keeps the rules of version 2: three mirrored statements a cell."""
    bank = minimal_bank() | {"version": 2}
    template = bank["modes"][0]
    bank["modes"] = [template | {"key": mode, "discussion": ["What stops us?", "What next?"]} for mode in modes]
    bank["questions"] = [
        v2_likert(mode, fact, role, polarity) for mode in modes for role in V2_ROLES for fact, polarity in V2_FACTS
    ]
    return bank


def v2_likert(mode: str, fact: str, role: str, polarity: str) -> dict[str, Any]:
    mirror = f"{mode}_{fact}"
    text = "In the last three months, a finished model of ours waited more than two weeks to go live."
    return likert(f"{mirror}_{V2_ROLES[role]}", role=role, polarity=polarity) | {
        "mode": mode,
        "mirror": mirror,
        "text": text,
    }


def question(bank: dict[str, Any], key: str) -> dict[str, Any]:
    return next(q for q in bank["questions"] if q["key"] == key)


def test_it_parses_the_minimal_version_2_bank() -> None:
    bank = bank_parse(toml_text(minimal_v2_bank()))
    assert bank.questions[0].mirror == "shelfware_unused"
    assert bank.modes[0].discussion == ("What stops us?", "What next?")


def test_the_rules_of_version_2_do_not_bind_version_1() -> None:
    # One statement a cell, no risk-worded one for the data scientist, no mirror, no discussion.
    bank = minimal_bank()
    bank["questions"][0]["text"] = "We can often ship every model."
    assert bank_parse(toml_text(bank)).version == 1
    assert_rejected(bank | {"version": 2}, MISSING_FIELD.format(where='Mode "shelfware"', field="discussion"))


def test_it_rejects_a_cell_with_fewer_than_three_statements() -> None:
    bank = minimal_v2_bank()
    bank["questions"].remove(question(bank, "shelfware_agreed_eng"))
    assert_rejected(
        bank, TOO_FEW_LIKERT.format(mode="shelfware", role="engineer", count=2, minimum=MIN_LIKERT_PER_CELL)
    )


def test_it_does_not_count_a_text_question_in_a_cell() -> None:
    bank = minimal_v2_bank()
    bank["questions"].remove(question(bank, "shelfware_agreed_ds"))
    assert_rejected(
        bank, TOO_FEW_LIKERT.format(mode="shelfware", role="data_scientist", count=2, minimum=MIN_LIKERT_PER_CELL)
    )


def test_it_rejects_a_cell_without_a_risk_worded_statement() -> None:
    bank = minimal_v2_bank(modes=("shelfware", "glue_code"))
    for key in ("glue_code_unused_ds", "glue_code_unused_eng"):
        question(bank, key)["polarity"] = "positive"
    assert_rejected(bank, NO_RISK_WORDED.format(mode="glue_code", role="data_scientist"))


def test_it_rejects_mirror_statements_with_different_keying() -> None:
    bank = minimal_v2_bank()
    bank["questions"].append(v2_likert("shelfware", "extra", "data_scientist", "positive"))
    bank["questions"].append(v2_likert("shelfware", "extra", "engineer", "negative"))
    message = MIRROR_KEYING.format(
        mirror="shelfware_extra",
        first="positive",
        first_key="shelfware_extra_ds",
        second="negative",
        second_key="shelfware_extra_eng",
    )
    assert_rejected(bank, message)


def test_it_rejects_a_mirror_across_two_modes() -> None:
    bank = minimal_v2_bank(modes=("shelfware", "glue_code"))
    question(bank, "glue_code_agreed_eng")["mirror"] = "shelfware_agreed"
    assert_rejected(bank, MIRROR_MODES.format(mirror="shelfware_agreed", first="shelfware", second="glue_code"))


def test_it_rejects_a_mirror_with_two_statements_for_one_role() -> None:
    bank = minimal_v2_bank()
    question(bank, "shelfware_agreed_ds")["mirror"] = "shelfware_sponsor"
    assert_rejected(bank, MIRROR_ROLE_TWICE.format(mirror="shelfware_sponsor", role="data_scientist"))


def test_it_rejects_a_likert_statement_without_a_mirror_in_version_2() -> None:
    bank = minimal_v2_bank()
    del question(bank, "shelfware_sponsor_eng")["mirror"]
    assert_rejected(bank, MISSING_MIRROR.format(where='Question "shelfware_sponsor_eng"', version=2))


def test_it_rejects_a_text_question_with_a_mirror() -> None:
    bank = minimal_bank()
    bank["questions"][2]["mirror"] = "shelfware_unused"
    assert_rejected(bank, TEXT_WITH_MIRROR.format(where='Question "ds_text_reach_users"'))


def test_it_rejects_a_mirror_id_that_is_not_a_lowercase_identifier() -> None:
    bank = minimal_v2_bank()
    question(bank, "shelfware_unused_ds")["mirror"] = "Shelfware unused"
    assert_rejected(bank, BAD_KEY.format(kind="mirror", key="Shelfware unused"))


def test_it_rejects_a_version_2_statement_longer_than_the_maximum() -> None:
    bank = minimal_v2_bank()
    question(bank, "shelfware_sponsor_ds")["text"] = " ".join(["word"] * (MAX_WORDS + 1))
    assert_rejected(
        bank,
        TOO_MANY_WORDS.format(where='Question "shelfware_sponsor_ds"', count=MAX_WORDS + 1, limit=MAX_WORDS),
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Our models can wait weeks.", "can"),
        ("Models often wait weeks.", "often"),
        ("Every model waits weeks.", "every"),
        ("In the last month, everyone waited.", "everyone"),
        ("We cannot ship models.", "cannot"),
        ("We can\u2019t ship models.", "can't"),
    ],
)
def test_it_rejects_a_banned_word_in_version_2(text: str, word: str) -> None:
    assert word in BANNED_WORDS
    bank = minimal_v2_bank()
    question(bank, "shelfware_unused_eng")["text"] = text
    assert_rejected(bank, BANNED_WORD.format(where='Question "shelfware_unused_eng"', word=word, version=2))


def test_it_rejects_a_banned_word_in_a_text_question_of_version_2() -> None:
    bank = minimal_v2_bank()
    bank["questions"].append(minimal_bank()["questions"][2] | {"text": "What often stops you?"})
    assert_rejected(bank, BANNED_WORD.format(where='Question "ds_text_reach_users"', word="often", version=2))


def test_it_accepts_words_that_only_contain_a_banned_one() -> None:
    bank = minimal_v2_bank()
    question(bank, "shelfware_unused_eng")["text"] = "In the last month, a canary scan of everyday data failed."
    assert bank_parse(toml_text(bank)).version == 2


def test_it_rejects_a_version_2_mode_without_discussion_questions() -> None:
    bank = minimal_v2_bank()
    del bank["modes"][0]["discussion"]
    assert_rejected(bank, MISSING_FIELD.format(where='Mode "shelfware"', field="discussion"))


@pytest.mark.parametrize("count", [1, 4])
def test_it_rejects_too_few_or_too_many_discussion_questions(count: int) -> None:
    bank = minimal_v2_bank()
    bank["modes"][0]["discussion"] = [f"Question {n}?" for n in range(count)]
    assert_rejected(bank, DISCUSSION_COUNT.format(where='Mode "shelfware"', count=count, minimum=2, maximum=3))


def test_it_rejects_an_empty_discussion_question() -> None:
    bank = minimal_v2_bank()
    bank["modes"][0]["discussion"] = ["What stops us?", "  "]
    assert_rejected(bank, EMPTY_DISCUSSION.format(where='Mode "shelfware"'))


def test_it_rejects_discussion_questions_that_are_not_strings() -> None:
    bank = minimal_v2_bank()
    bank["modes"][0]["discussion"] = "What stops us?"
    assert_rejected(bank, WRONG_TYPE.format(where='Mode "shelfware"', field="discussion", expected="a list of strings"))


def test_it_rejects_too_many_likert_statements_for_a_role_in_version_2() -> None:
    bank = minimal_v2_bank()
    extra = MAX_LIKERT_PER_ROLE - MIN_LIKERT_PER_CELL + 1
    bank["questions"] += [v2_likert("shelfware", f"extra_{n}", "engineer", "positive") for n in range(extra)]
    assert_rejected(
        bank, TOO_MANY_LIKERT.format(role="engineer", count=MAX_LIKERT_PER_ROLE + 1, limit=MAX_LIKERT_PER_ROLE)
    )
