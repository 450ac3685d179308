"""A question bank version as the member's pages need it, read once per process.

A bank version is never edited once loaded (surveys/services/question_banks.py refuses new
content under a loaded version number: it must become a new version), so its role titles
and each role's questionnaire can be kept in memory for the life of the process. Every
member's request used to read them again with three queries; now only a worker's first
request for a version does.

The cache is keyed by the bank row's id and its content hash together: an id alone could be
reused by a database that was rebuilt (a test database rolled back, a restored backup), and
the hash says whether the content behind it is still the same.
"""

from dataclasses import dataclass

from surveys.models import BankMode, BankQuestion, BankRole, QuestionBank
from surveys.question_bank import CATEGORIES, LIKERT

SECONDS_PER_STATEMENT = 20
SECONDS_PER_TEXT_QUESTION = 60
LAST_PAGE_TITLE = "Your comments, then submit"


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str


@dataclass(frozen=True)
class QuestionnairePage:
    number: int
    title: str
    questions: tuple[Question, ...] = ()

    @property
    def keys(self) -> set[str]:
        return {question.key for question in self.questions}

    @property
    def likert_keys(self) -> tuple[str, ...]:
        return tuple(question.key for question in self.questions if question.kind == LIKERT)


@dataclass(frozen=True)
class Questionnaire:
    """A role's pages: its statements by failure-mode category, then its free-text questions.

    The one source of the questionnaire's length: the intro, the invitation e-mail and the
    pages' "Page n of m" all read it from here.
    """

    role_title: str
    pages: tuple[QuestionnairePage, ...]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def likert_count(self) -> int:
        return sum(len(page.likert_keys) for page in self.pages)

    @property
    def text_count(self) -> int:
        return sum(len(page.questions) - len(page.likert_keys) for page in self.pages)

    @property
    def minutes(self) -> int:
        seconds = self.likert_count * SECONDS_PER_STATEMENT + self.text_count * SECONDS_PER_TEXT_QUESTION
        return max(1, round(seconds / 60))

    @property
    def length_text(self) -> str:
        """'about 16 minutes: 39 statements on 5 pages, the last one for your comments'."""
        minutes = f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
        pages = f"{self.page_count} page{'s' if self.page_count != 1 else ''}"
        return f"about {minutes}: {self.likert_count} statements on {pages}, the last one for your comments"

    def kinds(self) -> dict[str, str]:
        return {question.key: question.kind for page in self.pages for question in page.questions}


@dataclass(frozen=True)
class BankVersion:
    role_titles: dict[str, str]
    questionnaires: dict[str, Questionnaire]


_versions: dict[tuple[int, str], BankVersion] = {}


def bank_version_get(*, bank: QuestionBank) -> BankVersion:
    """The bank version's role titles and questionnaires: three queries on a worker's first request, then none."""
    key = (bank.pk, bank.content_hash)
    version = _versions.get(key)
    if version is None:
        # Two threads may both read it at first: the result is the same, and either one stays.
        version = _versions[key] = _bank_version_read(bank_id=bank.pk)
    return version


def bank_versions_forget() -> None:
    """Empty the cache, for tests that load a bank's rows in place."""
    _versions.clear()


def _bank_version_read(*, bank_id: int) -> BankVersion:
    titles = dict(BankRole.objects.filter(bank_id=bank_id).values_list("key", "title"))
    categories = dict(BankMode.objects.filter(bank_id=bank_id).values_list("key", "category"))
    rows = BankQuestion.objects.filter(bank_id=bank_id).order_by("position")
    by_role: dict[str, list[tuple[str, Question]]] = {}
    for role, mode, key, kind, text in rows.values_list("role", "mode", "key", "kind", "text"):
        by_role.setdefault(role, []).append((categories.get(mode, ""), Question(key=key, text=text, kind=kind)))
    questionnaires = {role: _questionnaire(titles.get(role, role), items) for role, items in by_role.items()}
    return BankVersion(role_titles=titles, questionnaires=questionnaires)


def _questionnaire(role_title: str, questions: list[tuple[str, Question]]) -> Questionnaire:
    by_category: dict[str, list[Question]] = {category: [] for category in CATEGORIES}
    texts = []
    for category, question in questions:
        if question.kind == LIKERT:
            by_category.setdefault(category, []).append(question)
        else:
            texts.append(question)
    titled = [(category.capitalize(), items) for category, items in by_category.items() if items]
    titled.append((LAST_PAGE_TITLE, texts))
    pages = tuple(
        QuestionnairePage(number=number, title=title, questions=tuple(items))
        for number, (title, items) in enumerate(titled, 1)
    )
    return Questionnaire(role_title=role_title, pages=pages)
