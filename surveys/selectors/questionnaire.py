"""What a member's link opens: the link itself, and the questionnaire of its role.

A link is found from its token only: a personal or open invitation by `token_hash(token)`,
or, for a personal link handed out by an open one, the response by `respondent_key(token)`.
Nothing else reaches a member's data, and each lookup is a fixed number of queries.
"""

from dataclasses import dataclass, field

from surveys.models import BankMode, BankQuestion, Invitation, Response, Survey
from surveys.question_bank import CATEGORIES, LIKERT
from surveys.selectors.surveys import survey_role_titles
from surveys.tokens import open_link_key, respondent_key, token_hash

SECONDS_PER_STATEMENT = 20
SECONDS_PER_TEXT_QUESTION = 60
LAST_PAGE_TITLE = "Your comments, then submit"


class LinkError(Exception):
    """A link that opens no questionnaire; the view turns it into a page with a status code."""

    status = 404


class LinkUnknownError(LinkError):
    status = 404


class LinkRevokedError(LinkError):
    status = 410


class LinkClosedError(LinkError):
    status = 410

    def __init__(self, *, survey: Survey, response: Response | None) -> None:
        super().__init__(survey.title)
        self.survey = survey
        # A member who submitted may still see that their answers count.
        self.response = response


@dataclass(frozen=True)
class QuestionnaireLink:
    token: str
    survey: Survey
    roles: list[str]
    invitation: Invitation | None
    response: Response | None

    @property
    def is_open_link(self) -> bool:
        return self.invitation is not None and self.invitation.kind == Invitation.Kind.OPEN

    @property
    def is_handed_out(self) -> bool:
        """A personal link created for a visitor of an open link: only its bookmark brings them back."""
        return self.invitation is None

    @property
    def role(self) -> str:
        return self.roles[0]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str


@dataclass(frozen=True)
class QuestionnairePage:
    number: int
    title: str
    questions: list[Question] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {question.key for question in self.questions}


@dataclass(frozen=True)
class Questionnaire:
    role_title: str
    pages: list[QuestionnairePage]

    @property
    def likert_count(self) -> int:
        return sum(1 for page in self.pages for question in page.questions if question.kind == LIKERT)

    @property
    def text_count(self) -> int:
        return sum(1 for page in self.pages for question in page.questions if question.kind != LIKERT)

    @property
    def minutes(self) -> int:
        seconds = self.likert_count * SECONDS_PER_STATEMENT + self.text_count * SECONDS_PER_TEXT_QUESTION
        return max(1, round(seconds / 60))


def questionnaire_link_get(*, token: str, lock: bool = False) -> QuestionnaireLink:
    """The open link of a token, or LinkUnknownError, LinkRevokedError or LinkClosedError.

    With `lock`, the response row is read with SELECT ... FOR UPDATE, for the services.
    """
    invitation = Invitation.objects.select_related("survey").filter(token_hash=token_hash(token)).first()
    # Lock the response row only: a lock on its joined survey would queue every member's save.
    responses = Response.objects.select_for_update(of=("self",)) if lock else Response.objects.all()
    if invitation is not None and invitation.kind == Invitation.Kind.OPEN:
        # An open link is shared by many: it never reads anyone's response.
        response = None
    else:
        response = responses.select_related("survey").filter(respondent_key=respondent_key(token)).first()
    if invitation is None and response is None:
        raise LinkUnknownError(token)
    if invitation is not None and invitation.revoked_at is not None:
        raise LinkRevokedError(token)
    if invitation is None and _open_link_revoked(response):  # type: ignore[arg-type]
        raise LinkRevokedError(token)
    survey = invitation.survey if invitation is not None else response.survey  # type: ignore[union-attr]
    if not survey.is_open:
        raise LinkClosedError(survey=survey, response=response)
    roles = list(invitation.roles) if invitation is not None else [response.role]  # type: ignore[union-attr]
    return QuestionnaireLink(token=token, survey=survey, roles=roles, invitation=invitation, response=response)


def _open_link_revoked(response: Response) -> bool:
    """Whether a draft came from an open link since revoked (revoking deletes such drafts; this
    closes the race with a draft started at that moment)."""
    if not response.open_link_key:
        return False
    revoked = Invitation.objects.filter(
        survey_id=response.survey_id, kind=Invitation.Kind.OPEN, revoked_at__isnull=False
    ).values_list("token_hash", flat=True)
    return any(open_link_key(value) == response.open_link_key for value in revoked)


def questionnaire_get(*, survey: Survey, role: str) -> Questionnaire:
    """The role's pages: its statements by failure-mode category, then its free-text questions."""
    modes = dict(BankMode.objects.filter(bank_id=survey.bank_id).values_list("key", "category"))
    questions = BankQuestion.objects.filter(bank_id=survey.bank_id, role=role).order_by("position")
    by_category: dict[str, list[Question]] = {category: [] for category in CATEGORIES}
    texts = []
    for row in questions:
        question = Question(key=row.key, text=row.text, kind=row.kind)
        if row.kind == LIKERT:
            by_category.setdefault(modes[row.mode], []).append(question)
        else:
            texts.append(question)
    titled = [(category.capitalize(), items) for category, items in by_category.items() if items]
    titled.append((LAST_PAGE_TITLE, texts))
    pages = [QuestionnairePage(number=i, title=title, questions=items) for i, (title, items) in enumerate(titled, 1)]
    return Questionnaire(role_title=survey_role_titles(survey=survey).get(role, role), pages=pages)
