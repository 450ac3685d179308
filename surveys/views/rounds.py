from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from surveys.forms.teams import NextRoundForm
from surveys.http import AuthenticatedRequest
from surveys.models import Survey
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles
from surveys.selectors.teams import round_invited_rows, team_round_next
from surveys.services.invitations import invitations_create_for_rows
from surveys.services.question_banks import question_bank_latest
from surveys.services.rounds import round_title, survey_next_round

NEXT_ROUND_STARTED_MESSAGE = "Round {number} started."
NEXT_ROUND_INVITED_MESSAGE = "Round {number} started, and {count} members invited."


@login_required
def next_round_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=pk)
    # The new round asks the roles the newest bank still has, so the list is read against those.
    known = set(question_bank_latest().roles.values_list("key", flat=True))
    roles = [(key, title) for key, title in survey_role_titles(survey=survey).items() if key in known]
    initial = {"title": round_title(survey.title, number=team_round_next(team=survey.team)), "lines": _lines(survey)}
    form = NextRoundForm(request.POST or None, roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                created = survey_next_round(survey=survey, created_by=request.user, title=form.cleaned_data["title"])
                invited = invitations_create_for_rows(survey=created, rows=form.cleaned_data["rows"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            number = created.round_number
            text = NEXT_ROUND_INVITED_MESSAGE if invited else NEXT_ROUND_STARTED_MESSAGE
            messages.success(request, text.format(number=number, count=len(invited)))
            return redirect("surveys:detail", pk=created.pk)
    return render(request, "surveys/next_round.html", {"survey": survey, "form": form})


def _lines(survey: Survey) -> str:
    return "\n".join(f"{email}, {role}" for email, role in round_invited_rows(survey=survey))
