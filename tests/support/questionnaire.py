"""Helpers for the member's side: links made by the real invitation services, pages' fields."""

from django.test import Client
from django.urls import reverse

from surveys.models import Invitation, Response, Survey
from surveys.question_bank import LIKERT
from surveys.selectors.questionnaire import Questionnaire, questionnaire_get
from surveys.services.invitations import invitation_create_open, invitations_create_personal
from surveys.tokens import open_link_key, respondent_key, token_new


def personal_link(survey: Survey, role: str = "data_scientist") -> tuple[Invitation, str]:
    [(invitation, token)] = invitations_create_personal(survey=survey, role=role, count=1)
    return invitation, token


def open_link(survey: Survey, roles: list[str]) -> tuple[Invitation, str]:
    return invitation_create_open(survey=survey, roles=roles)


def escaped_open_link_draft(invitation: Invitation, role: str = "engineer") -> str:
    """A draft of an open link as if started in the instant its revocation deleted the others; its token."""
    token = token_new()
    Response.objects.create(
        survey_id=invitation.survey_id,
        role=role,
        respondent_key=respondent_key(token),
        source=Response.Source.OPEN_LINK,
        open_link_key=open_link_key(invitation.token_hash),
    )
    return token


def pages_of(survey: Survey, role: str = "data_scientist") -> Questionnaire:
    return questionnaire_get(survey=survey, role=role)


def page_url(token: str, number: int) -> str:
    return reverse("questionnaire:page", args=[token, number])


def start_url(token: str) -> str:
    return reverse("questionnaire:start", args=[token])


def likert_keys(questionnaire: Questionnaire, number: int) -> list[str]:
    return [q.key for q in questionnaire.pages[number - 1].questions if q.kind == LIKERT]


def text_keys(questionnaire: Questionnaire) -> list[str]:
    return [q.key for q in questionnaire.pages[-1].questions]


def answer_page(client: Client, token: str, questionnaire: Questionnaire, number: int, value: str = "4") -> None:
    """Post every statement of a page with one value, as a member clicking through would."""
    data = dict.fromkeys(likert_keys(questionnaire, number), value) | {"action": "next"}
    response = client.post(page_url(token, number), data)
    assert response.status_code == 302, response.content.decode()[:500]
