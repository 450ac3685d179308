"""Bank files loaded into the database: the newest for new surveys, old versions kept for old ones."""

import pytest

from surveys.models import BankMode, BankQuestion, Organization, QuestionBank
from surveys.question_bank import BANK_DIR, LIKERT, QuestionBankError, bank_current, bank_parse, bank_read
from surveys.services.question_banks import VERSION_CHANGED_MESSAGE, question_bank_load, question_bank_load_current
from tests.factories import make_survey


def likert_count(bank: QuestionBank, role: str) -> int:
    return bank.questions.filter(kind=LIKERT, role=role).count()


def an_old_database_with_version_1_only() -> QuestionBank:
    """A database as it was before version 2 shipped: migrate had loaded version 1."""
    QuestionBank.objects.all().delete()
    return question_bank_load(bank=bank_read(BANK_DIR / "v1.toml"))


def test_migrate_leaves_the_newest_bank_loaded(db: None) -> None:
    stored = QuestionBank.objects.get()

    assert (stored.version, stored.content_hash) == (bank_current().version, bank_current().content_hash)
    assert stored.version == 2


def test_it_stores_the_mirror_ids_and_the_discussion_questions(db: None) -> None:
    stored = QuestionBank.objects.get(version=2)
    question = BankQuestion.objects.get(bank=stored, key="production_backlog_waited_pm")
    mode = BankMode.objects.get(bank=stored, key="production_backlog")

    assert question.mirror == "production_backlog_waited"
    assert mode.discussion == list(bank_current().modes[1].discussion)
    assert 2 <= len(mode.discussion) <= 3


def test_a_new_survey_uses_the_newest_version(acme: Organization) -> None:
    survey = make_survey(acme)

    assert survey.bank.version == 2
    assert likert_count(survey.bank, "engineer") == 39


def test_a_version_1_survey_keeps_version_1_and_its_questions_when_version_2_loads(acme: Organization) -> None:
    version_1 = an_old_database_with_version_1_only()
    old_survey = make_survey(acme, title="Before")

    question_bank_load_current()
    new_survey = make_survey(acme, title="After")

    old_survey.refresh_from_db()
    assert old_survey.bank == version_1
    assert likert_count(old_survey.bank, "engineer") == 31
    assert new_survey.bank.version == 2


def test_version_1_is_stored_without_mirrors_or_discussion(db: None) -> None:
    version_1 = an_old_database_with_version_1_only()

    assert not version_1.questions.exclude(mirror="").exists()
    assert not version_1.modes.exclude(discussion=[]).exists()


def test_loading_the_same_version_again_changes_nothing(db: None) -> None:
    before = QuestionBank.objects.get()

    assert question_bank_load_current() == before
    assert QuestionBank.objects.count() == 1


def test_it_refuses_a_loaded_version_whose_file_was_edited(db: None) -> None:
    text = (BANK_DIR / "v2.toml").read_text(encoding="utf-8")
    edited = bank_parse(text.replace("go live.", "go into production.", 1))

    with pytest.raises(QuestionBankError) as error:
        question_bank_load(bank=edited)

    assert str(error.value) == VERSION_CHANGED_MESSAGE.format(version=2, next=3)
