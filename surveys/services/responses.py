"""A member's answers: saved page by page as a draft, submitted once, changed until the survey closes.

Every write locks the response row (SELECT ... FOR UPDATE; on SQLite the IMMEDIATE
transaction does the same for the whole database) and merges only the answers it was given,
so that a double click or two tabs posting different pages keep one response and lose nothing.
The response keeps no date or time, and nothing on it points at an invitation.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from surveys.models import Invitation, Response
from surveys.pending_marks import Mark, pending_mark
from surveys.question_bank import LIKERT, TEXT
from surveys.selectors.questionnaire import QuestionnaireLink, questionnaire_get, questionnaire_link_get
from surveys.tokens import open_link_key, respondent_key, token_new
from surveys.validators import MAX_ANSWER_LENGTH

LIKERT_VALUES = range(1, 6)

OPEN_LINK_MESSAGE = "An open link holds no answers: choose your role to get your own link first."
BLANK_SUBMISSION_MESSAGE = "You have not answered any statement: submit anyway?"
NOT_AN_OPEN_LINK_MESSAGE = "This link already belongs to one member; it offers no choice of role."
ROLE_NOT_OFFERED_MESSAGE = "Choose one of the roles this link serves."
QUESTION_NOT_IN_ROLE_MESSAGE = "The question “{key}” is not part of this questionnaire."
VALUE_OUT_OF_RANGE_MESSAGE = "The answer to “{key}” must be a whole number from 1 to 5, or Don't know."
TEXT_TOO_LONG_MESSAGE = f"An answer to a free-text question can be at most {MAX_ANSWER_LENGTH:,} characters long."
TEXT_NULL_CHARACTER_MESSAGE = "An answer to a free-text question cannot contain a null character."
# No keyboard types it, and PostgreSQL cannot store it in a JSON column.
NULL_CHARACTER = "\x00"


def response_save_page(
    *,
    token: str,
    answers: dict[str, int | None],
    texts: dict[str, str],
    locked_link: QuestionnaireLink | None = None,
) -> Response:
    """Merge one page's answers into the link's response, created as a draft on first save.

    None is "Don't know": it removes a saved value and is kept as the member's choice (scored
    as unanswered). An empty text removes a saved one; questions not given are kept.
    `locked_link` is the token's link when the caller already read it with `lock=True` in
    this transaction (the page's view does, to parse the post): it spares a second lookup.
    Raises LinkError subclasses for a link that takes no answers, ValidationError for bad input.
    """
    with _transaction(locked_link=locked_link):
        link = _locked_link(token=token, locked_link=locked_link)
        _validate_answers(link=link, answers=answers, texts=texts)
        response = link.response or _response_create(link=link)
        _merge(response.likert, answers)
        dont_know = {key for key, value in answers.items() if value is None}
        response.dont_know = sorted((set(response.dont_know) - answers.keys()) | dont_know)
        _merge(response.text, {key: text.strip() or None for key, text in texts.items()})
        # An edit after submitting is a change the differencing guard counts (privacy.md).
        response.changed = True
        response.save(update_fields=["likert", "dont_know", "text", "changed"])
        return response


class BlankSubmissionError(ValidationError):
    """A submission without any statement answered, not confirmed by the member."""

    def __init__(self) -> None:
        super().__init__(BLANK_SUBMISSION_MESSAGE)


def response_submit(
    *, token: str, blank_confirmed: bool = False, locked_link: QuestionnaireLink | None = None
) -> Response:
    """Submit the link's response; submitting again changes nothing.

    A response without any statement answered is submitted only when the member confirms it
    (privacy.md, "Members who are not people"): raises BlankSubmissionError otherwise.
    `locked_link` as for response_save_page.
    """
    with _transaction(locked_link=locked_link):
        link = _locked_link(token=token, locked_link=locked_link)
        if link.is_open_link:
            raise ValidationError(OPEN_LINK_MESSAGE)
        response = link.response or _response_create(link=link)
        # "Don't know" to every statement still counts in no score: it needs the same confirmation.
        if not response.likert and not blank_confirmed:
            raise BlankSubmissionError
        # Submitting is a change the differencing guard counts; submitting again without an
        # edit is not (an edit was marked when it was saved).
        response.changed = response.changed or response.status != Response.Status.SUBMITTED
        response.status = Response.Status.SUBMITTED
        # A submitted response keeps nothing of the open link it came from.
        response.open_link_key = ""
        response.save(update_fields=["status", "changed", "open_link_key"])
        invitation = link.invitation
        if invitation is not None and not invitation.submitted:
            # Never in this transaction: the hourly batch records it (surveys/pending_marks.py).
            transaction.on_commit(lambda: pending_mark(mark=Mark.SUBMITTED, invitation_id=invitation.pk))
        return response


@transaction.atomic
def response_start_from_open_link(*, token: str, role: str) -> tuple[Response, str]:
    """A new personal token (no invitation row) and its empty draft, for a visitor of an open link.

    The raw token is returned once, to be shown to the member: it is their only way back.
    """
    link = questionnaire_link_get(token=token)
    if not link.is_open_link:
        raise ValidationError(NOT_AN_OPEN_LINK_MESSAGE)
    if role not in link.roles or role not in link.survey.roles:
        raise ValidationError(ROLE_NOT_OFFERED_MESSAGE)
    personal_token = token_new()
    response = Response.objects.create(
        survey=link.survey,
        role=role,
        respondent_key=respondent_key(personal_token),
        source=Response.Source.OPEN_LINK,
        open_link_key=open_link_key(link.invitation.token_hash),  # type: ignore[union-attr]
    )
    return response, personal_token


def invitation_note_visit(*, link: QuestionnaireLink) -> None:
    """Mark a personal invitation opened (and submitted, when it is) for the hourly batch.

    Every visit marks again until the batch has recorded it, so a mark Redis lost comes back.
    A reminder keeps the token of an opened link (surveys/services/invitations.py).
    """
    invitation = link.invitation
    if invitation is None or invitation.kind != Invitation.Kind.PERSONAL:
        return
    if not invitation.opened:
        pending_mark(mark=Mark.OPENED, invitation_id=invitation.pk)
    submitted = link.response is not None and link.response.status == Response.Status.SUBMITTED
    if submitted and not invitation.submitted:
        pending_mark(mark=Mark.SUBMITTED, invitation_id=invitation.pk)


def _transaction(*, locked_link: QuestionnaireLink | None) -> transaction.Atomic:
    """A transaction of the service's own; with a locked link, the caller's (no savepoint, which
    would cost two statements: the caller's transaction ends with the request, or fails whole)."""
    return transaction.atomic(savepoint=locked_link is None)


def _locked_link(*, token: str, locked_link: QuestionnaireLink | None) -> QuestionnaireLink:
    if locked_link is None:
        return questionnaire_link_get(token=token, lock=True)
    if locked_link.token != token:
        raise ValueError("locked_link must be the link of the token given")
    return locked_link


def _response_create(*, link: QuestionnaireLink) -> Response:
    key = respondent_key(link.token)
    try:
        with transaction.atomic():
            return Response.objects.create(survey=link.survey, role=link.role, respondent_key=key)
    except IntegrityError:
        # A double click or another tab created it a moment ago: continue with that one.
        return Response.objects.select_for_update().get(respondent_key=key)


def _validate_answers(*, link: QuestionnaireLink, answers: dict[str, int | None], texts: dict[str, str]) -> None:
    if link.is_open_link:
        raise ValidationError(OPEN_LINK_MESSAGE)
    kinds = questionnaire_get(survey=link.survey, role=link.role).kinds()
    for key, value in answers.items():
        if kinds.get(key) != LIKERT:
            raise ValidationError(QUESTION_NOT_IN_ROLE_MESSAGE.format(key=key))
        if value is not None and (type(value) is not int or value not in LIKERT_VALUES):
            raise ValidationError(VALUE_OUT_OF_RANGE_MESSAGE.format(key=key))
    for key, text in texts.items():
        if kinds.get(key) != TEXT:
            raise ValidationError(QUESTION_NOT_IN_ROLE_MESSAGE.format(key=key))
        if len(text) > MAX_ANSWER_LENGTH:
            raise ValidationError(TEXT_TOO_LONG_MESSAGE)
        if NULL_CHARACTER in text:
            raise ValidationError(TEXT_NULL_CHARACTER_MESSAGE)


def _merge(saved: dict[str, object], given: Mapping[str, object]) -> None:
    for key, value in given.items():
        if value is None:
            saved.pop(key, None)
        else:
            saved[key] = value
