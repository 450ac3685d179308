"""The lead's preview of the questionnaire as one role: the member's page template, read-only.

Nothing is created or counted: no invitation, no response, no opened or submitted mark, no
rate-limit counter. The page is the member's own template (templates/questionnaire/page.html)
with `preview` set, which points its form and links here instead of at a link's token.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from surveys.forms.questionnaire import ACTION_BACK, ACTION_NEXT, SCALE
from surveys.http import AuthenticatedRequest
from surveys.selectors.questionnaire import Question, questionnaire_get
from surveys.selectors.surveys import survey_get_for_lead
from surveys.validators import MAX_ANSWER_LENGTH

PREVIEW_FINISHED_MESSAGE = "Preview finished: nothing was saved or counted."


@dataclass(frozen=True)
class PreviewStatement:
    question: Question
    saved: str = ""


@dataclass(frozen=True)
class Preview:
    role: str


@login_required
@require_http_methods(["GET", "POST"])
def survey_preview(request: AuthenticatedRequest, pk: int, role: str, number: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    if role not in survey.roles:
        raise Http404
    questionnaire = questionnaire_get(survey=survey, role=role)
    if not 1 <= number <= len(questionnaire.pages):
        raise Http404
    if request.method == "POST":
        # The buttons only move between pages: whatever was chosen is dropped, as promised.
        action = request.POST.get("action")
        if action == ACTION_NEXT and number < len(questionnaire.pages):
            return redirect("surveys:preview", pk=pk, role=role, number=number + 1)
        if action == ACTION_BACK and number > 1:
            return redirect("surveys:preview", pk=pk, role=role, number=number - 1)
        messages.info(request, PREVIEW_FINISHED_MESSAGE)
        return redirect("surveys:detail", pk=pk)
    page = questionnaire.pages[number - 1]
    context = {
        "preview": Preview(role=role),
        "survey": survey,
        "questionnaire": questionnaire,
        "page": page,
        "statements": [PreviewStatement(question=question) for question in page.questions],
        "scale": SCALE,
        "is_last": page.number == len(questionnaire.pages),
        "review": [(review_page, 0) for review_page in questionnaire.pages[:-1]],
        "answered": 0,
        "max_answer_length": MAX_ANSWER_LENGTH,
    }
    return render(request, "questionnaire/page.html", context)
