"""Loading the question bank files into the database, where surveys point at a version."""

from django.db import transaction

from surveys import question_bank as bank_file
from surveys.models import BankMode, BankQuestion, BankRole, QuestionBank

VERSION_CHANGED_MESSAGE = (
    "Question bank version {version} is already loaded with different content; "
    "write v{next}.toml instead of editing v{version}.toml, so that existing surveys keep their questions."
)


@transaction.atomic
def question_bank_load(*, bank: bank_file.QuestionBank) -> QuestionBank:
    """Store a parsed bank version once; loading the same content again changes nothing."""
    existing = QuestionBank.objects.filter(version=bank.version).first()
    if existing is not None:
        if existing.content_hash != bank.content_hash:
            raise bank_file.QuestionBankError(
                VERSION_CHANGED_MESSAGE.format(version=bank.version, next=bank.version + 1)
            )
        return existing
    stored = QuestionBank.objects.create(version=bank.version, name=bank.name, content_hash=bank.content_hash)
    BankRole.objects.bulk_create(
        BankRole(bank=stored, key=r.key, title=r.title, description=r.description, position=i)
        for i, r in enumerate(bank.roles)
    )
    BankMode.objects.bulk_create(_mode_row(stored, mode, position) for position, mode in enumerate(bank.modes))
    BankQuestion.objects.bulk_create(
        BankQuestion(
            bank=stored,
            key=q.key,
            role=q.role,
            mode=q.mode,
            kind=q.kind,
            polarity=q.polarity,
            mirror=q.mirror or "",
            text=q.text,
            position=i,
        )
        for i, q in enumerate(bank.questions)
    )
    return stored


def _mode_row(stored: QuestionBank, mode: bank_file.BankMode, position: int) -> BankMode:
    return BankMode(
        bank=stored,
        key=mode.key,
        title=mode.title,
        category=mode.category,
        description=mode.description,
        source=mode.source,
        recommendations=list(mode.recommendations),
        discussion=list(mode.discussion),
        position=position,
    )


def question_bank_load_current() -> QuestionBank:
    return question_bank_load(bank=bank_file.bank_current())


def question_bank_latest() -> QuestionBank:
    """The newest loaded version: new surveys are created from it."""
    latest = QuestionBank.objects.order_by("-version").first()
    return latest if latest is not None else question_bank_load_current()
