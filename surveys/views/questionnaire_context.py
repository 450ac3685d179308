"""What the member's pages show: the intro, one page, or the whole questionnaire in one document.

The server-rendered pages and the one-document questionnaire (paged by
static/js/questionnaire.js) read the same saved answers and share the page form's template,
templates/questionnaire/_page_form.html.
"""

from dataclasses import dataclass

from surveys.forms.questionnaire import DONT_KNOW, SCALE
from surveys.models import Response
from surveys.selectors.questionnaire import Question, Questionnaire, QuestionnaireLink, QuestionnairePage
from surveys.services.invitations import invitation_url
from surveys.services.responses import BLANK_SUBMISSION_MESSAGE
from surveys.validators import MAX_ANSWER_LENGTH

SUBMITTED_MESSAGE = "Your answers are submitted. You can change them until {until}."
BOOKMARK_MESSAGE = "Bookmark this page: its address is your personal link, the only way back to your answers."


@dataclass(frozen=True)
class Statement:
    question: Question
    saved: str


@dataclass(frozen=True)
class Section:
    page: QuestionnairePage
    statements: list[Statement]
    is_last: bool


@dataclass(frozen=True)
class SavedAnswers:
    # Each question's saved value as the form sends it: "1" to "5", "dk" or the text.
    values: dict[str, str]
    # Statements answered, "Don't know" included: an answer to the member, none to scoring.
    answered: set[str]
    has_statement_answer: bool


def saved_answers(link: QuestionnaireLink) -> SavedAnswers:
    response = link.response
    if response is None:
        return SavedAnswers(values={}, answered=set(), has_statement_answer=False)
    values = {key: str(value) for key, value in response.likert.items()}
    values |= dict.fromkeys(response.dont_know, DONT_KNOW) | response.text
    return SavedAnswers(
        values=values,
        answered=response.likert.keys() | set(response.dont_know),
        has_statement_answer=bool(response.likert),
    )


def resume_page(link: QuestionnaireLink, questionnaire: Questionnaire) -> int:
    """Where "Continue" leads: the first page with a statement not yet answered, else the last page."""
    if link.response is None or link.response.status == Response.Status.SUBMITTED:
        return 1
    answered = saved_answers(link).answered
    for page in questionnaire.pages:
        if not answered.issuperset(page.likert_keys):
            return page.number
    return questionnaire.page_count


def intro_context(link: QuestionnaireLink, questionnaire: Questionnaire) -> dict[str, object]:
    return {
        "link": link,
        "survey": link.survey,
        "questionnaire": questionnaire,
        "submitted_message": submitted_message(link),
        "started": link.response is not None,
        "bookmark_message": BOOKMARK_MESSAGE if link.is_handed_out else "",
        "personal_link": invitation_url(link.token),
        "resume_page": resume_page(link, questionnaire),
    }


def page_context(
    link: QuestionnaireLink, questionnaire: Questionnaire, page: QuestionnairePage, *, confirm_blank: bool = False
) -> dict[str, object]:
    saved = saved_answers(link)
    section = _section(questionnaire, page, saved)
    blank = confirm_blank and not saved.has_statement_answer
    return _common(link, questionnaire, saved) | {
        "page": page,
        "statements": section.statements,
        "is_last": section.is_last,
        "confirm_blank_message": BLANK_SUBMISSION_MESSAGE if blank else "",
    }


def document_context(link: QuestionnaireLink, questionnaire: Questionnaire) -> dict[str, object]:
    saved = saved_answers(link)
    sections = [_section(questionnaire, page, saved) for page in questionnaire.pages]
    return _common(link, questionnaire, saved) | {"sections": sections, "resume_page": resume_page(link, questionnaire)}


def submitted_message(link: QuestionnaireLink) -> str:
    if link.response is None or link.response.status != Response.Status.SUBMITTED:
        return ""
    closes_on = link.survey.closes_on
    until = f"the end of {closes_on:%-d %B %Y}" if closes_on else "the team lead closes the survey"
    return SUBMITTED_MESSAGE.format(until=until)


def _section(questionnaire: Questionnaire, page: QuestionnairePage, saved: SavedAnswers) -> Section:
    statements = [Statement(question=q, saved=saved.values.get(q.key, "")) for q in page.questions]
    return Section(page=page, statements=statements, is_last=page.number == questionnaire.page_count)


def _common(link: QuestionnaireLink, questionnaire: Questionnaire, saved: SavedAnswers) -> dict[str, object]:
    return {
        "link": link,
        "survey": link.survey,
        "questionnaire": questionnaire,
        "scale": SCALE,
        "review": [(p, len(saved.answered.intersection(p.likert_keys))) for p in questionnaire.pages[:-1]],
        "answered": len(saved.answered),
        "submitted_message": submitted_message(link),
        "bookmark_message": BOOKMARK_MESSAGE if link.is_handed_out else "",
        # Built from SITE_URL like the e-mailed links: the Host header is the client's to choose.
        "personal_link": invitation_url(link.token),
        "max_answer_length": MAX_ANSWER_LENGTH,
    }
