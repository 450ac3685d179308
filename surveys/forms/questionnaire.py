"""Strict parsing of a questionnaire page's POST: exactly the page's fields, nothing else.

A Django Form would quietly ignore an unknown field and take the last of two values; here
either the whole post is what the page could have sent, or nothing is stored and the member
gets a 400 with one of these sentences.
"""

from dataclasses import dataclass

from django.http import QueryDict

from surveys.question_bank import LIKERT
from surveys.selectors.questionnaire import QuestionnairePage
from surveys.services.responses import (
    NULL_CHARACTER,
    ROLE_NOT_OFFERED_MESSAGE,
    TEXT_NULL_CHARACTER_MESSAGE,
    TEXT_TOO_LONG_MESSAGE,
)
from surveys.validators import MAX_ANSWER_LENGTH

DONT_KNOW = "dk"
SCALE = (
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
    (DONT_KNOW, "Don't know"),
)
ACTION_NEXT = "next"
ACTION_BACK = "back"
ACTION_SAVE = "save"
ACTION_SUBMIT = "submit"
# "Submit anyway", after the page asked to confirm a submission without any statement answered.
ACTION_SUBMIT_BLANK = "submit_blank"
ACTIONS = (ACTION_NEXT, ACTION_BACK, ACTION_SAVE, ACTION_SUBMIT, ACTION_SUBMIT_BLANK)
SUBMIT_ACTIONS = frozenset({ACTION_SUBMIT, ACTION_SUBMIT_BLANK})
# Fields every page may carry besides its questions.
FORM_FIELDS = frozenset({"csrfmiddlewaretoken", "action"})

UNKNOWN_QUESTION_MESSAGE = "The form contains a question that is not on this page of your questionnaire."
DUPLICATE_FIELD_MESSAGE = "The form contains the same question more than once."
VALUE_OUT_OF_RANGE_MESSAGE = "An answer must be one of the six choices, from Strongly disagree to Don't know."
UNKNOWN_ACTION_MESSAGE = "The form was sent with an unknown button."


class TamperedPostError(Exception):
    """A post that the page could not have sent; its message is shown with a 400."""


@dataclass(frozen=True)
class PageAnswers:
    # None means "Don't know": the saved value is removed.
    answers: dict[str, int | None]
    texts: dict[str, str]
    action: str


def page_answers_parse(*, data: QueryDict, page: QuestionnairePage, is_last: bool) -> PageAnswers:
    kinds = {question.key: question.kind for question in page.questions}
    for key in data:
        if key not in kinds and key not in FORM_FIELDS:
            raise TamperedPostError(UNKNOWN_QUESTION_MESSAGE)
        if len(data.getlist(key)) != 1:
            raise TamperedPostError(DUPLICATE_FIELD_MESSAGE)
    answers: dict[str, int | None] = {}
    texts: dict[str, str] = {}
    for key, kind in kinds.items():
        # A question left without an answer is absent: what was saved for it stays.
        if key not in data:
            continue
        [raw] = data.getlist(key)
        if kind == LIKERT:
            answers[key] = _likert_value(raw)
        else:
            texts[key] = _text_value(raw)
    return PageAnswers(answers=answers, texts=texts, action=_action(data.get("action", ACTION_NEXT), is_last=is_last))


def role_parse(*, data: QueryDict, roles: list[str]) -> str:
    chosen = data.getlist("role")
    if len(chosen) != 1 or chosen[0] not in roles:
        raise TamperedPostError(ROLE_NOT_OFFERED_MESSAGE)
    return chosen[0]


def _likert_value(raw: str) -> int | None:
    if raw == DONT_KNOW:
        return None
    if raw not in {value for value, _label in SCALE}:
        raise TamperedPostError(VALUE_OUT_OF_RANGE_MESSAGE)
    return int(raw)


def _text_value(raw: str) -> str:
    # Browsers send a line break as CRLF but count it as one character against maxlength.
    raw = raw.replace("\r\n", "\n")
    if len(raw) > MAX_ANSWER_LENGTH:
        raise TamperedPostError(TEXT_TOO_LONG_MESSAGE)
    if NULL_CHARACTER in raw:
        raise TamperedPostError(TEXT_NULL_CHARACTER_MESSAGE)
    return raw.strip()


def _action(raw: str, *, is_last: bool) -> str:
    # Only the last page, with its review, has a submit button.
    if raw not in ACTIONS or (raw in SUBMIT_ACTIONS and not is_last):
        raise TamperedPostError(UNKNOWN_ACTION_MESSAGE)
    return raw
