from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from surveys.forms.teams import TeamForm
from surveys.http import AuthenticatedRequest
from surveys.selectors.teams import team_get_for_lead
from surveys.services.teams import team_update

TEAM_SAVED_MESSAGE = "Team saved."


@login_required
def team_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = team_get_for_lead(user=request.user, pk=pk)
    form = TeamForm(request.POST or None, initial={"name": team.name, "description": team.description})
    if request.method == "POST" and form.is_valid():
        try:
            team_update(team=team, name=form.cleaned_data["name"], description=form.cleaned_data["description"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, TEAM_SAVED_MESSAGE)
            return redirect("teams:detail", pk=team.pk)
    return render(request, "surveys/team_edit.html", {"team": team, "form": form})
