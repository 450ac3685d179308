"""What a member's link opens: the link itself, and the questionnaire of its role.

A link is found from its token only: a personal or open invitation by `token_hash(token)`,
or, for a personal link handed out by an open one, the response by `respondent_key(token)`.
Nothing else reaches a member's data, and each lookup is a fixed number of queries.
"""

from dataclasses import dataclass

from surveys.models import Invitation, Response, Survey
from surveys.selectors.bank_versions import (
    LAST_PAGE_TITLE,
    Question,
    Questionnaire,
    QuestionnairePage,
    bank_version_get,
)
from surveys.tokens import open_link_key, respondent_key, token_hash

__all__ = ["LAST_PAGE_TITLE", "Question", "Questionnaire", "QuestionnairePage"]


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


def questionnaire_link_get(*, token: str, lock: bool = False) -> QuestionnaireLink:
    """The open link of a token, or LinkUnknownError, LinkRevokedError or LinkClosedError.

    With `lock`, the response row is read with SELECT ... FOR UPDATE, for the services.
    """
    # .get(), not .first(): these are unique lookups, and .first() would add an ORDER BY.
    try:
        invitation = Invitation.objects.select_related("survey__bank").get(token_hash=token_hash(token))
    except Invitation.DoesNotExist:
        invitation = None
    response = (
        None
        if invitation is not None and invitation.kind == Invitation.Kind.OPEN
        else _response_get(token=token, lock=lock, with_survey=invitation is None)
    )
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


def _response_get(*, token: str, lock: bool, with_survey: bool) -> Response | None:
    """The token's response; an open link is shared by many and never reads one (the caller skips it)."""
    # Lock the response row only: a lock on its joined survey would queue every member's save.
    responses = Response.objects.select_for_update(of=("self",)) if lock else Response.objects.all()
    if with_survey:
        responses = responses.select_related("survey__bank")
    try:
        return responses.get(respondent_key=respondent_key(token))
    except Response.DoesNotExist:
        return None


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
    """The role's pages, from the bank version kept in memory (surveys/selectors/bank_versions.py)."""
    version = bank_version_get(bank=survey.bank)
    questionnaire = version.questionnaires.get(role)
    if questionnaire is None:
        # A role the bank asks nothing of still gets its last page, to submit.
        title = version.role_titles.get(role, role)
        questionnaire = Questionnaire(role_title=title, pages=(QuestionnairePage(number=1, title=LAST_PAGE_TITLE),))
    return questionnaire
